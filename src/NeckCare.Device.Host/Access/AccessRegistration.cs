using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Access;

internal static class AccessRegistration
{
    /// <summary>The credential, the pairings, the lockout and the per-client command rate limit.</summary>
    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddSingleton(sp => ApiCredential.Load(
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.Token, StateDirectory.Resolve(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Pairings.Load(StateDirectory.Resolve(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FailedAttempts(
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.MaxFailedAttempts, sp.GetRequiredService<TimeProvider>()));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiAccess.CommandPolicy, http => RateLimitPartition.GetFixedWindowLimiter(ApiAccess.ClientOf(http), _ =>
                new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.CommandsPerTenSeconds,
                    Window = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                }));
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 10;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiAccess.Problem(StatusCodes.Status429TooManyRequests, "too-many-requests",
                    "Too many requests; slow down.", $"Too many commands from this client; try again in {seconds} s. Stop is never limited.",
                    new() { ["retryAfterSeconds"] = seconds }).ExecuteAsync(context.HttpContext));
            };
        });
        return services;
    }

    public static IApplicationBuilder UseApiAccess(this IApplicationBuilder app) => app.UseMiddleware<ApiAccessMiddleware>();
}
