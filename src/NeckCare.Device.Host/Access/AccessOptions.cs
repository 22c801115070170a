using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Access;

/// <summary>Who may use the API (configuration section "Api"). docs/api.md, "Access", explains the model.</summary>
public sealed class AccessOptions
{
    public const string Section = "Api";

    /// <summary>AllowedHosts when none is configured: the names a loopback-only controller answers to.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>
    /// The credential every API call needs (a bearer token, and the pairing secret a phone trades for a
    /// cookie). Unset: one is generated on first start, kept owner-only in the state directory
    /// (file <c>api-token</c>) and printed once with a pairing link.
    /// </summary>
    [TokenLength(ApiCredential.MinLength, ErrorMessage = "Api:Token must be at least {1} characters; leave it unset to have one generated.")]
    [TokenCharacters(ErrorMessage = "Api:Token may use only letters, digits and - _ . ~ + / =.")]
    [TokenStrength(ErrorMessage = "Api:Token is too easy to guess: it must carry at least 128 bits (for example the output of 'openssl rand -base64 32'); leave it unset to have one generated.")]
    public string? Token { get; set; }

    /// <summary>
    /// Listening on anything but loopback must be asked for here, and AllowedHosts must then name the
    /// controller's host names. The credential is required either way.
    /// </summary>
    public bool ListenBeyondLoopback { get; set; }

    /// <summary>Wrong credentials in a row from one client before it is locked out (the lockout doubles each time, up to 15 minutes).</summary>
    [OptionRange(3, 20, ErrorMessage = "Api:MaxFailedAttempts must be between {1} and {2}.")]
    public int MaxFailedAttempts { get; set; } = 5;

    public const int DefaultMaxConnections = 64;

    /// <summary>
    /// Connections at once (each phone watching the event stream holds one). When all are held, a new
    /// connection displaces the oldest one that has not shown a valid credential.
    /// </summary>
    [OptionRange(16, 512, ErrorMessage = "Api:MaxConnections must be between {1} and {2}.")]
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    public const int DefaultMaxConnectionsPerAddress = 16;

    /// <summary>Connections one address may hold at once; the next gets 503 <c>too-many-connections</c>.</summary>
    [OptionRange(4, 128, ErrorMessage = "Api:MaxConnectionsPerAddress must be between {1} and {2}.")]
    public int MaxConnectionsPerAddress { get; set; } = DefaultMaxConnectionsPerAddress;

    public const int DefaultMaxEventStreams = 16;

    /// <summary>Event streams open at once (a quarter of Api:MaxConnectionsPerAddress from one address); the next gets 503 <c>too-many-streams</c>.</summary>
    [OptionRange(1, 128, ErrorMessage = "Api:MaxEventStreams must be between {1} and {2}.")]
    public int MaxEventStreams { get; set; } = DefaultMaxEventStreams;

    /// <summary>
    /// The reverse proxies in front of the service, by address, separated by commas (e.g. "127.0.0.1" for
    /// a proxy on the Pi itself). Only requests that come from one of them have their X-Forwarded-For and
    /// X-Forwarded-Proto believed, so lockouts and rate limits apply to each phone rather than to the
    /// proxy; a proxy is not held to Api:MaxConnectionsPerAddress. Unset: the headers are ignored.
    /// </summary>
    [ProxyAddresses(ErrorMessage = "Api:KnownProxies must be IP addresses separated by commas (e.g. 127.0.0.1,::1).")]
    public string? KnownProxies { get; set; }

    /// <summary>The addresses in <paramref name="value"/> (Api:KnownProxies); null when one is not an address.</summary>
    public static IReadOnlyList<System.Net.IPAddress>? ParseProxies(string? value)
    {
        var list = new List<System.Net.IPAddress>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPAddress.TryParse(part, out var address))
            {
                return null;
            }

            list.Add(address);
        }

        return list;
    }

    /// <summary>A connection must send a request's headers within this (a slow-header connection is closed).</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An idle connection (no request under way) is closed after this.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Commands one client may send in 10 seconds (stop is never limited).</summary>
    [OptionRange(10, 600, ErrorMessage = "Api:CommandsPerTenSeconds must be between {1} and {2}.")]
    public int CommandsPerTenSeconds { get; set; } = 60;
}
