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
    [MinLength(ApiCredential.MinLength, ErrorMessage = "Api:Token must be at least {1} characters; leave it unset to have one generated.")]
    [TokenCharacters(ErrorMessage = "Api:Token may use only letters, digits and - _ . ~ + / =.")]
    public string? Token { get; set; }

    /// <summary>
    /// Listening on anything but loopback must be asked for here, and AllowedHosts must then name the
    /// controller's host names. The credential is required either way.
    /// </summary>
    public bool ListenBeyondLoopback { get; set; }

    /// <summary>Wrong credentials in a row from one client before it is locked out (the lockout doubles each time, up to 15 minutes).</summary>
    [Range(3, 20, ErrorMessage = "Api:MaxFailedAttempts must be between {1} and {2}.")]
    public int MaxFailedAttempts { get; set; } = 5;

    public const int DefaultMaxConnections = 64;

    /// <summary>Connections at once (each phone watching the event stream holds one).</summary>
    [Range(16, 512, ErrorMessage = "Api:MaxConnections must be between {1} and {2}.")]
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>Commands one client may send in 10 seconds (stop is never limited).</summary>
    [Range(10, 600, ErrorMessage = "Api:CommandsPerTenSeconds must be between {1} and {2}.")]
    public int CommandsPerTenSeconds { get; set; } = 60;
}
