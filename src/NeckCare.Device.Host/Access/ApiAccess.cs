using System.Globalization;

namespace NeckCare.Device.Host.Access;

/// <summary>The names and answers of the API's lock, shared by the middleware, the pairing endpoints and the rate limiter.</summary>
internal static class ApiAccess
{
    public const string CookieName = "neckcare-pairing";
    public const string PairPath = "/api/v1/pair";
    public const string StopPath = "/api/v1/session/stop";

    /// <summary>Who a client is, for lockouts and rate limits: its address (the API is not behind a proxy).</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>
    /// Why a state-changing request must be refused as coming from another site, or null. A browser
    /// names the page's origin on every POST, PUT and DELETE; it must be this controller's own.
    /// </summary>
    public static string? CrossSite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return "A page on another site may not send commands to the massager.";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"A page from {origin} may not send commands to the massager.";
        }

        return null;
    }

    public static IResult Unauthorized(HttpContext http, string code, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"neckcare\"";
        return Problem(StatusCodes.Status401Unauthorized, code, "A valid credential is required.", detail);
    }

    /// <summary>A wrong token or pairing secret: 401, saying so when it started a lockout.</summary>
    public static IResult WrongCredential(HttpContext http, string what, TimeSpan? lockout) =>
        Unauthorized(http, "bad-credential", lockout is { } l
            ? string.Create(CultureInfo.InvariantCulture, $"The {what} is wrong. Too many wrong tries: this client must wait {l.TotalSeconds:0} s.")
            : $"The {what} is wrong.");

    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "cross-site", "Commands must come from the controller's own page or a client with a token.", detail);

    public static IResult LockedOut(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "locked-out", "Too many wrong credentials.",
            string.Create(CultureInfo.InvariantCulture, $"Too many wrong credentials from this client; try again in {seconds} s."),
            new() { ["retryAfterSeconds"] = seconds });
    }

    public static IResult Problem(int status, string code, string title, string detail, Dictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (key, value) in extra ?? [])
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(detail: detail, title: title, statusCode: status, extensions: extensions);
    }
}
