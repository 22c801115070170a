using System.Globalization;

namespace NeckCare.Device.Host.Access;

/// <summary>Endpoints marked as commands (never the stop) are counted per client; past the limit they answer 429 with Retry-After.</summary>
internal sealed class CommandRateLimitMiddleware(RequestDelegate next, CommandRateLimit limit)
{
    /// <summary>Endpoint metadata: this endpoint is a command that counts against the client's rate.</summary>
    public sealed class Marker
    {
        public static readonly Marker Instance = new();
    }

    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is null || limit.TryAcquire(ApiAccess.ClientOf(http), out var retryAfter))
        {
            return next(http);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiAccess.Problem(StatusCodes.Status429TooManyRequests, "too-many-requests",
            "Too many requests; slow down.", $"Too many commands from this client; try again in {seconds} s. Stop is never limited.",
            new() { ["retryAfterSeconds"] = seconds }).ExecuteAsync(http);
    }
}
