namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// How the last session ended, read from the trigger that took the routine out of its session states
/// (never guessed from numbers afterwards): what the history records and the page shows.
/// </summary>
public enum SessionEnding
{
    /// <summary>Ran its full time and ramped down.</summary>
    Completed,

    /// <summary>Stopped from the API, the page or the command line.</summary>
    Stopped,

    /// <summary>Stopped with the massager's own button.</summary>
    StoppedAtMassager,

    /// <summary>Paused for longer than the pause limit.</summary>
    PausedTooLong,

    /// <summary>A fault ended it.</summary>
    Faulted,

    /// <summary>The massager was lost (cable, power, or it stopped answering).</summary>
    LinkLost,
}
