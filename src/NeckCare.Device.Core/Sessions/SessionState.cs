namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// The states of the routine (docs/routine.md section 3). <see cref="Inactive"/>, <see cref="Active"/>
/// and <see cref="Running"/> are superstates: they hold rows shared by their substates and are never
/// the current state.
/// </summary>
public enum SessionState
{
    Disconnected,
    Idle,
    WarmingUp,
    Massaging,
    Paused,
    Finishing,
    Faulted,

    /// <summary>Superstate: no session (Disconnected, Idle, Faulted).</summary>
    Inactive,

    /// <summary>Superstate: a session exists (Running, Paused, Finishing).</summary>
    Active,

    /// <summary>Superstate: the massage is on (WarmingUp, Massaging).</summary>
    Running,
}

/// <summary>Everything that can move the session: the user's commands, time, and the device.</summary>
public enum SessionTrigger
{
    DeviceConnected,

    /// <summary>Carries the reason (a string).</summary>
    DeviceLost,
    Start,
    WarmUpElapsed,
    Pause,
    Resume,
    PauseLimitReached,
    DurationReached,
    RampDownComplete,
    Stop,

    /// <summary>Carries the <see cref="Safety.Fault"/>.</summary>
    Fault,
    Acknowledge,
    Raise,
    Lower,
    SetLevel,
    EaseOff,
    ClearCeiling,
    SetHeat,
    Extend,
    StartAutoTune,
    CancelAutoTune,

    /// <summary>Guided release: time to go up one level.</summary>
    ReleaseStep,
}

public static class SessionStateExtensions
{
    /// <summary>A session exists: the user started one and it has not ended.</summary>
    public static bool HasSession(this SessionState state) =>
        state is SessionState.WarmingUp or SessionState.Massaging or SessionState.Paused or SessionState.Finishing;

    /// <summary>The session clock runs and the massage (and heat, if chosen) is on.</summary>
    public static bool IsRunning(this SessionState state) =>
        state is SessionState.WarmingUp or SessionState.Massaging;

    /// <summary>The commands a user can give, each one trigger of the table.</summary>
    public static IReadOnlyList<SessionTrigger> UserTriggers { get; } =
    [
        SessionTrigger.Start, SessionTrigger.Stop, SessionTrigger.Pause, SessionTrigger.Resume,
        SessionTrigger.Raise, SessionTrigger.Lower, SessionTrigger.SetLevel, SessionTrigger.EaseOff,
        SessionTrigger.ClearCeiling, SessionTrigger.SetHeat, SessionTrigger.Extend, SessionTrigger.Acknowledge,
        SessionTrigger.StartAutoTune, SessionTrigger.CancelAutoTune,
    ];

    /// <summary>The states a session can actually be in (not superstates).</summary>
    public static IReadOnlyList<SessionState> LeafStates { get; } =
    [
        SessionState.Disconnected, SessionState.Idle, SessionState.WarmingUp, SessionState.Massaging,
        SessionState.Paused, SessionState.Finishing, SessionState.Faulted,
    ];
}
