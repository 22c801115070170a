namespace NeckCare.Device.Host.Access;

/// <summary>
/// Pairing a browser: it trades the pairing secret (from the link printed on first start) for an
/// HttpOnly, SameSite=Strict cookie, so no script can read it and no other site's page can send it.
/// Any client with a credential can list pairings and revoke one or all.
/// </summary>
internal static class PairingEndpoints
{
    /// <summary>Roughly 400 days, the longest a browser keeps a cookie; revoking ends it sooner.</summary>
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(400);

    public static void MapPairing(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Access");

        api.MapPost("/pair", (PairRequest? body, HttpContext http, ApiCredential credential, Pairings pairings, FailedAttempts failures, TimeProvider time) =>
            {
                var client = ApiAccess.ClientOf(http);
                if (!credential.Matches(body?.Secret))
                {
                    return ApiAccess.WrongCredential(http, "pairing secret", failures.Failed(client));
                }

                failures.Succeeded(client);
                var cookie = pairings.Pair(http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : "unnamed client", time.GetUtcNow());
                http.Response.Cookies.Append(ApiAccess.CookieName, cookie, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = http.Request.IsHttps,
                    Path = "/",
                    MaxAge = CookieLifetime,
                    IsEssential = true,
                });
                return Results.NoContent();
            })
            .WithName("Pair").WithSummary("Trade the pairing secret for this browser's pairing cookie (HttpOnly, SameSite=Strict).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);

        api.MapGet("/pairings", (Pairings pairings) => TypedResults.Ok(new PairingsAnswer(pairings.Count)))
            .WithName("GetPairings").WithSummary("How many browsers are paired.");

        api.MapDelete("/pairing", (HttpContext http, Pairings pairings, Events.EventHub streams) =>
            {
                http.Request.Cookies.TryGetValue(ApiAccess.CookieName, out var cookie);
                if (pairings.Revoke(cookie))
                {
                    streams.EndAll(); // the revoked browser's stream must not outlive its pairing
                }

                http.Response.Cookies.Delete(ApiAccess.CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
                return Results.NoContent();
            })
            .WithName("Unpair").WithSummary("Unpair this browser (its cookie stops working at once).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).ProducesProblem(StatusCodes.Status507InsufficientStorage);

        api.MapDelete("/pairings", (Pairings pairings, Events.EventHub streams) =>
            {
                var revoked = pairings.RevokeAll();
                streams.EndAll(); // streams are checked when they open: make every listener open again
                return TypedResults.Ok(new PairingsAnswer(revoked));
            })
            .WithName("RevokeAllPairings").WithSummary("Unpair every browser; clients with the token keep working.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).ProducesProblem(StatusCodes.Status507InsufficientStorage);
    }
}

/// <param name="Secret">The pairing secret: the API token, as in the pairing link's #pair= part.</param>
public sealed record PairRequest(string? Secret);

/// <param name="Count">Paired browsers (after the request).</param>
public sealed record PairingsAnswer(int Count);
