namespace NeckCare.Device.Core.Sessions;

/// <summary>The states of ROUTINE.md section 3.</summary>
public enum SessionState
{
    Disconnected,
    Idle,
    WarmingUp,
    Massaging,
    Paused,
    Finishing,
    Faulted,
}

/// <summary>Everything that can move the session from one state to another.</summary>
public enum SessionTrigger
{
    DeviceConnected,
    DeviceLost,
    Start,
    WarmUpElapsed,
    Pause,
    Resume,
    PauseLimitReached,
    DurationReached,
    RampDownComplete,
    Stop,
    Fault,
    Acknowledge,
}

public static class SessionStateExtensions
{
    /// <summary>A session exists: the user started one and it has not ended.</summary>
    public static bool HasSession(this SessionState state) =>
        state is SessionState.WarmingUp or SessionState.Massaging or SessionState.Paused or SessionState.Finishing;

    /// <summary>The session clock runs and the massage (and heat, if chosen) is on.</summary>
    public static bool IsRunning(this SessionState state) =>
        state is SessionState.WarmingUp or SessionState.Massaging;
}
