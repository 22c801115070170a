using NeckCare.Device.Core.Control;

namespace NeckCare.Device.Host.Control;

/// <summary>How everything outside the owner loop talks to the session: ask, and read the snapshot.</summary>
public interface ISessionGateway
{
    SessionStatus Status { get; }

    /// <summary>True while the owner loop is alive and ticking.</summary>
    bool IsHealthy { get; }

    Task<CommandResult> SendAsync(SessionCommand command, CancellationToken cancellationToken);
}
