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
        services.AddSingleton(sp => new CommandRateLimit(
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.CommandsPerTenSeconds, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Built before the host (Kestrel's connection middleware needs it while the server is configured);
    /// a malformed figure falls back to the default here and is reported by the options validation.
    /// </summary>
    public static ConnectionAdmission CreateAdmission(IConfiguration configuration)
    {
        int Read(string key, int fallback) =>
            int.TryParse(configuration[AccessOptions.Section + ":" + key], System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

        return new ConnectionAdmission(
            Read(nameof(AccessOptions.MaxConnections), AccessOptions.DefaultMaxConnections),
            Read(nameof(AccessOptions.MaxConnectionsPerAddress), AccessOptions.DefaultMaxConnectionsPerAddress),
            Read(nameof(AccessOptions.MaxEventStreams), AccessOptions.DefaultMaxEventStreams),
            KnownProxies(configuration));
    }

    /// <summary>Api:KnownProxies as addresses (none when unset or malformed: the options validation reports that).</summary>
    public static IReadOnlyList<System.Net.IPAddress> KnownProxies(IConfiguration configuration) =>
        AccessOptions.ParseProxies(configuration[AccessOptions.Section + ":" + nameof(AccessOptions.KnownProxies)]) ?? [];

    /// <summary>
    /// X-Forwarded-For and -Proto from the configured proxies only, first in the pipeline: every client
    /// address after it (the lockout, the rate limit) is the phone's, not the proxy's.
    /// </summary>
    public static IApplicationBuilder UseKnownProxies(this IApplicationBuilder app, IReadOnlyList<System.Net.IPAddress> proxies)
    {
        if (proxies.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        return app.UseForwardedHeaders(options);
    }

    public static IApplicationBuilder UseApiAccess(this IApplicationBuilder app) => app.UseMiddleware<ApiAccessMiddleware>();

    public static IApplicationBuilder UseCommandRateLimit(this IApplicationBuilder app) => app.UseMiddleware<CommandRateLimitMiddleware>();

    /// <summary>Counts this endpoint (or every endpoint of this group) against the client's command rate (Api:CommandsPerTenSeconds).</summary>
    public static TBuilder RequireCommandRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(CommandRateLimitMiddleware.Marker.Instance);
}
