using Microsoft.Net.Http.Headers;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// The lock on <c>/api</c>: a locked-out client waits (429), a missing or wrong credential gets 401, and a
/// state-changing request from another site gets 403, before anything reaches an endpoint. Credentials:
/// <c>Authorization: Bearer &lt;token&gt;</c>, or the pairing cookie a browser got for the pairing secret
/// (EventSource cannot send headers, so the stream needs the cookie). <c>/healthz</c>, the OpenAPI
/// document and the UI's static files stay open; POST /api/v1/pair judges its secret itself.
/// </summary>
internal sealed class ApiAccessMiddleware(RequestDelegate next, ApiCredential credential, Pairings pairings, FailedAttempts failures)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var client = ApiAccess.ClientOf(http);
        // A lockout stops guessing, never the stop: a stop that carries a valid credential always acts.
        // Every wrong credential sent meanwhile counts (and lengthens the lockout), the Stop's included,
        // and a right one does not lift it: the Stop is no oracle for guessing at full speed.
        if (failures.LockedFor(client) is { } wait)
        {
            var verdict = Judge(http.Request);
            if (verdict == Verdict.Ok && IsStop(http.Request))
            {
                ConnectionAdmissionMiddleware.Of(http)?.Prove();
                await next(http).ConfigureAwait(false);
                return;
            }

            if (verdict == Verdict.WrongToken)
            {
                wait = failures.Failed(client) ?? wait;
            }

            await ApiAccess.LockedOut(http, wait).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!http.Request.Path.Equals(ApiAccess.PairPath, StringComparison.OrdinalIgnoreCase))
        {
            switch (Judge(http.Request))
            {
                case Verdict.Missing:
                    await ApiAccess.Unauthorized(http, "unauthorized",
                        "This API needs a credential: Authorization: Bearer <token>, or pair this browser with the pairing link.").ExecuteAsync(http).ConfigureAwait(false);
                    return;
                case Verdict.WrongToken:
                    await ApiAccess.WrongCredential(http, "token", failures.Failed(client)).ExecuteAsync(http).ConfigureAwait(false);
                    return;
                case Verdict.UnknownPairing:
                    await ApiAccess.Unauthorized(http, "not-paired",
                        "This browser's pairing was revoked or has expired; open the pairing link again.").ExecuteAsync(http).ConfigureAwait(false);
                    return;
            }

            failures.Succeeded(client);
            ConnectionAdmissionMiddleware.Of(http)?.Prove();
        }

        if (ApiAccess.CrossSite(http.Request) is { } why)
        {
            await ApiAccess.Forbidden(why).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    private static bool IsStop(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(ApiAccess.StopPath, StringComparison.OrdinalIgnoreCase);

    private Verdict Judge(HttpRequest request)
    {
        if (request.Headers.Authorization is { Count: > 0 } authorization)
        {
            var value = authorization.ToString();
            const string bearer = "Bearer ";
            return value.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && credential.Matches(value[bearer.Length..].Trim())
                ? Verdict.Ok
                : Verdict.WrongToken;
        }

        if (request.Cookies.TryGetValue(ApiAccess.CookieName, out var cookie))
        {
            // A stale cookie is not a guess (cookies are 256-bit random): refused, never counted.
            return pairings.IsPaired(cookie) ? Verdict.Ok : Verdict.UnknownPairing;
        }

        return Verdict.Missing;
    }

    private enum Verdict
    {
        Ok,
        Missing,
        WrongToken,
        UnknownPairing,
    }
}
