using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.History;

/// <summary>
/// Turns the owner loop's status snapshots into session records: a session begins when the state
/// enters one with a session and ends when it leaves it; how it ended is what the routine recorded
/// (<see cref="SessionStatus.LastEnding"/>).
/// Pure: no I/O and no clock of its own, so it is tested tick by tick.
/// </summary>
public sealed class SessionRecorder
{
    private Open? _open;

    /// <summary>Takes one snapshot; returns the finished session when this one ended it.</summary>
    /// <param name="now">The wall clock: it only labels the record (a Pi's clock jumps when NTP arrives).</param>
    /// <param name="elapsed">A monotonic clock: every duration is measured on it.</param>
    /// <param name="by">Who sent the command this snapshot follows (api, a pairing's name, mqtt), or null after a tick.</param>
    public SessionRecord? Observe(SessionStatus status, DateTimeOffset now, TimeSpan elapsed, string? by = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.State.HasSession())
        {
            if (_open is null)
            {
                _open = new Open(now, elapsed, status.DurationSeconds, status.Heat.Level, status.GuidedRelease.Chosen, by ?? Unknown);
                _open.Levels.Add(new LevelChange(0, status.Intensity));
            }

            _open.Update(status);
            return null;
        }

        if (_open is not { } open)
        {
            return null;
        }

        _open = null;
        // How it ended is what the routine's table recorded from the trigger that ended it.
        var ended = status.LastEnding switch
        {
            SessionEnding.Completed => SessionEnd.Completed,
            SessionEnding.StoppedAtMassager => SessionEnd.StoppedAtMassager,
            SessionEnding.PausedTooLong => SessionEnd.PausedTooLong,
            SessionEnding.Faulted => SessionEnd.Faulted,
            SessionEnding.LinkLost => SessionEnd.LinkLost,
            _ => SessionEnd.Stopped,
        };
        // A command ended it (its sender), or the routine did: the clock, the guards, the massager's button.
        var endedBy = by ?? status.LastEnding switch
        {
            SessionEnding.Completed or SessionEnding.PausedTooLong => Timer,
            SessionEnding.StoppedAtMassager => Massager,
            SessionEnding.Faulted or SessionEnding.LinkLost => Guard,
            _ => Unknown,
        };
        return Record(open, elapsed, ended, endedBy);
    }

    /// <summary>The routine's own clock (the chosen length, the pause limit).</summary>
    public const string Timer = "timer";

    /// <summary>The stop button on the massager.</summary>
    public const string Massager = "massager";

    /// <summary>A safety guard (a fault, a lost link).</summary>
    public const string Guard = "guard";

    public const string Unknown = "unknown";

    /// <summary>The session running now as its row would read (<see cref="SessionEnd.Running"/>), or null when none runs.</summary>
    public SessionRecord? Running(TimeSpan elapsed) => _open is { } open ? Record(open, elapsed, SessionEnd.Running, null) : null;

    private static SessionRecord Record(Open open, TimeSpan elapsed, SessionEnd ended, string? endedBy)
    {
        // The end's label is the start's plus the measured length, so a clock that jumped mid-session
        // changes neither the length nor the order of the two labels.
        var length = elapsed - open.StartedElapsed;
        return new SessionRecord(0, open.StartedAt, open.StartedAt + length, open.ChosenSeconds, (int)Math.Round(length.TotalSeconds),
            ended, open.Heat, open.MaxTemperatureC, open.MaxLevel, open.EaseOffs, open.GuidedRelease, [.. open.Levels], [.. open.Ceilings],
            open.StartedBy, endedBy);
    }

    private sealed class Open(DateTimeOffset startedAt, TimeSpan startedElapsed, int chosenSeconds, Core.Heat.HeatLevel heat, bool guidedRelease, string startedBy)
    {
        public string StartedBy { get; } = startedBy;

        private int? _ceiling;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public TimeSpan StartedElapsed { get; } = startedElapsed;

        public int ChosenSeconds { get; } = chosenSeconds;

        public Core.Heat.HeatLevel Heat { get; private set; } = heat;

        public bool GuidedRelease { get; } = guidedRelease;

        public List<LevelChange> Levels { get; } = [];

        public List<LevelChange> Ceilings { get; } = [];

        public double? MaxTemperatureC { get; private set; }

        public int MaxLevel { get; private set; }

        public int EaseOffs { get; private set; }

        public void Update(SessionStatus s)
        {
            if (s.Intensity != Levels[^1].Level)
            {
                Levels.Add(new LevelChange(s.ElapsedSeconds, s.Intensity));
            }

            if (s.IntensityCeiling is { } ceiling && ceiling != _ceiling)
            {
                EaseOffs++;
            }

            if (s.IntensityCeiling != _ceiling)
            {
                Ceilings.Add(new LevelChange(s.ElapsedSeconds, s.IntensityCeiling ?? 0));
            }

            _ceiling = s.IntensityCeiling;
            MaxLevel = Math.Max(MaxLevel, s.Intensity);
            if (s.Heat.Level > Heat)
            {
                Heat = s.Heat.Level; // the most heat the session used
            }

            if (s.Heat.TemperatureC is { } c && double.IsFinite(c))
            {
                MaxTemperatureC = Math.Max(MaxTemperatureC ?? c, c);
            }

        }
    }
}
