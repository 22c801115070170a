using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.History;

/// <summary>How a session ended.</summary>
public enum SessionEnd
{
    /// <summary>Ran its full time and ramped down.</summary>
    Completed,

    /// <summary>Stopped by the user from the API, the page or the CLI.</summary>
    Stopped,

    /// <summary>Paused for longer than the pause limit.</summary>
    PausedTooLong,

    /// <summary>A fault ended it.</summary>
    Faulted,

    /// <summary>The massager was lost (unplugged, silent, its chip gone).</summary>
    LinkLost,

    /// <summary>Still running: the row is written when a session starts and kept up to date while it runs.</summary>
    Running,

    /// <summary>The service stopped without ending it (killed, power lost): found at the next start, with what was known then.</summary>
    Interrupted,

    /// <summary>Stopped with the massager's own button (added last: the stored names are what count, the numbers never are).</summary>
    StoppedAtMassager,
}

/// <summary>A level the user chose, and when (seconds into the session).</summary>
public readonly record struct LevelChange(int AtSeconds, int Level);

/// <summary>One session as the history keeps it. <see cref="Ceilings"/> are the ease-off ceilings as they were set and cleared (level 0: cleared).</summary>
public sealed record SessionRecord(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int ChosenSeconds,
    int ActualSeconds,
    SessionEnd Ended,
    HeatLevel Heat,
    double? MaxTemperatureC,
    int MaxLevel,
    int EaseOffs,
    bool GuidedRelease,
    IReadOnlyList<LevelChange> Levels,
    IReadOnlyList<LevelChange> Ceilings,
    string? StartedBy = null,
    string? EndedBy = null);

/// <summary>One control tick's view, for the flight recorder.</summary>
/// <param name="AtSeconds">Seconds relative to the fault (negative before it).</param>
public readonly record struct TraceSample(
    double AtSeconds,
    double? TemperatureC,
    double HeaterDuty,
    double MotorCommand,
    double MotorSpeed,
    double MotorCurrentA,
    long LinkErrors,
    long Reports);

/// <summary>A fault with what led up to it and what followed.</summary>
/// <param name="Severity">1 is the most severe (the rank the status uses to choose which fault to show, plus one).</param>
/// <param name="TripC">The temperature line the plot draws (the host's trip), for support.</param>
public sealed record FaultHistoryRecord(
    long Id,
    string Code,
    string Message,
    int Severity,
    DateTimeOffset At,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    double TripC,
    IReadOnlyList<TraceSample> Trace);

/// <summary>Minutes and sessions on one day (or week), for the summary and the chart.</summary>
public readonly record struct UsagePeriod(DateOnly Start, int Sessions, double Minutes);

/// <summary>Which row a running session has in the history, once the writer has inserted it (the writer alone sets it).</summary>
public sealed class SessionRow
{
    public long? Id { get; set; }
}
