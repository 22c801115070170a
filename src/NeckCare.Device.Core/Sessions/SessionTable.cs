using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Sessions;

/// <summary>The conditions the table's guarded rows ask about, supplied by whoever owns the machine.</summary>
public sealed record SessionGuards(
    Func<bool> PausedDuringWarmUp,
    Func<bool> FaultCauseCleared,
    Func<bool> DeviceConnected);

/// <summary>
/// The single source of truth for (state, trigger) → next state. Behaviour (timers, outputs) hangs off
/// entry actions that <see cref="Session"/> attaches; this file only says what may follow what.
/// </summary>
public static class SessionTable
{
    public const string PausedDuringWarmUpText = "paused during warm-up";
    public const string PausedAfterWarmUpText = "paused after warm-up";
    public const string ClearedConnectedText = "cause cleared, device connected";
    public const string ClearedDisconnectedText = "cause cleared, device not connected";

    public static StateMachine<SessionState, SessionTrigger> Build(SessionState initial, SessionGuards guards)
    {
        ArgumentNullException.ThrowIfNull(guards);
        var m = new StateMachine<SessionState, SessionTrigger>(initial);

        m.Configure(SessionState.Disconnected)
            .Permit(SessionTrigger.DeviceConnected, SessionState.Idle)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceLost)
            .Ignore(SessionTrigger.Stop);

        m.Configure(SessionState.Idle)
            .Permit(SessionTrigger.Start, SessionState.WarmingUp)
            .Permit(SessionTrigger.DeviceLost, SessionState.Disconnected)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceConnected)
            .Ignore(SessionTrigger.Stop);

        m.Configure(SessionState.WarmingUp)
            .Permit(SessionTrigger.WarmUpElapsed, SessionState.Massaging)
            .Permit(SessionTrigger.DurationReached, SessionState.Finishing)
            .Permit(SessionTrigger.Pause, SessionState.Paused)
            .Permit(SessionTrigger.Stop, SessionState.Idle)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Permit(SessionTrigger.DeviceLost, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceConnected);

        m.Configure(SessionState.Massaging)
            .Permit(SessionTrigger.DurationReached, SessionState.Finishing)
            .Permit(SessionTrigger.Pause, SessionState.Paused)
            .Permit(SessionTrigger.Stop, SessionState.Idle)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Permit(SessionTrigger.DeviceLost, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceConnected);

        m.Configure(SessionState.Paused)
            .PermitIf(SessionTrigger.Resume, SessionState.WarmingUp, guards.PausedDuringWarmUp, PausedDuringWarmUpText)
            .PermitIf(SessionTrigger.Resume, SessionState.Massaging, () => !guards.PausedDuringWarmUp(), PausedAfterWarmUpText)
            .Permit(SessionTrigger.PauseLimitReached, SessionState.Idle)
            .Permit(SessionTrigger.Stop, SessionState.Idle)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Permit(SessionTrigger.DeviceLost, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceConnected);

        m.Configure(SessionState.Finishing)
            .Permit(SessionTrigger.RampDownComplete, SessionState.Idle)
            .Permit(SessionTrigger.Stop, SessionState.Idle)
            .Permit(SessionTrigger.Fault, SessionState.Faulted)
            .Permit(SessionTrigger.DeviceLost, SessionState.Faulted)
            .Ignore(SessionTrigger.DeviceConnected);

        m.Configure(SessionState.Faulted)
            .PermitIf(SessionTrigger.Acknowledge, SessionState.Idle,
                () => guards.FaultCauseCleared() && guards.DeviceConnected(), ClearedConnectedText)
            .PermitIf(SessionTrigger.Acknowledge, SessionState.Disconnected,
                () => guards.FaultCauseCleared() && !guards.DeviceConnected(), ClearedDisconnectedText)
            // The first fault stays latched; later ones (often consequences of the first) change nothing.
            .Ignore(SessionTrigger.Fault)
            .Ignore(SessionTrigger.Stop)
            .Ignore(SessionTrigger.DeviceLost)
            .Ignore(SessionTrigger.DeviceConnected);

        return m;
    }

    /// <summary>The table as a Mermaid stateDiagram-v2 (docs/state-machine.md keeps a copy; a test compares them).</summary>
    public static string ToMermaid() =>
        Build(SessionState.Disconnected, new SessionGuards(() => false, () => false, () => false))
            .ToMermaid(SessionState.Disconnected);
}
