using NeckCare.Device.Core.Control;

namespace NeckCare.Device.Host.Control;

/// <summary>How everything outside the owner loop talks to the session: ask, and read the snapshot.</summary>
public interface ISessionGateway
{
    SessionStatus Status { get; }

    /// <summary>True while the owner loop is alive and ticking.</summary>
    bool IsHealthy { get; }

    /// <summary>A command from the API (its sender recorded as "api").</summary>
    Task<CommandResult> SendAsync(SessionCommand command, CancellationToken cancellationToken) => SendAsync(command, CommandSender.Api, cancellationToken);

    /// <param name="by">Who sent it, as the history records it: "api", a paired phone's name, "mqtt".</param>
    Task<CommandResult> SendAsync(SessionCommand command, string by, CancellationToken cancellationToken);
}

/// <summary>The senders the history names when no pairing does.</summary>
public static class CommandSender
{
    public const string Api = "api";

    public const string Mqtt = "mqtt";
}
