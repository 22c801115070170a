using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.History;

/// <summary>
/// Which session rows to write after each snapshot, so a session is in the history from its start and a
/// pulled plug loses at most its last seconds: the row when the session starts, again when something a
/// person would see changes (level, ceiling, ease-off, heat) but at most once a second, at least every
/// <see cref="LengthEvery"/> for its length, and at its end. Pure, like the recorder it wraps.
/// </summary>
public sealed class SessionWrites
{
    /// <summary>Never more often than this (a Pi's SD card pays for every commit).</summary>
    public static readonly TimeSpan AtMostEvery = TimeSpan.FromSeconds(1);

    /// <summary>A running session's length is brought up to date at least this often.</summary>
    public static readonly TimeSpan LengthEvery = TimeSpan.FromSeconds(5);

    private readonly SessionRecorder _recorder = new();
    private SessionRow? _row;
    private TimeSpan _writtenAt;
    private (int MaxLevel, int Levels, int Ceilings, HeatLevel Heat, int EaseOffs) _written;

    /// <summary>A stop was asked for: a session that ends now was stopped, not completed.</summary>

    /// <summary>Takes one snapshot; returns the row to write and what to write in it, or null.</summary>
    /// <param name="now">The wall clock, for labels only.</param>
    /// <param name="elapsed">A monotonic clock.</param>
    public (SessionRow Row, SessionRecord Record)? Observe(SessionStatus status, DateTimeOffset now, TimeSpan elapsed, string? by = null)
    {
        if (_recorder.Observe(status, now, elapsed, by) is { } ended)
        {
            var row = _row ?? new SessionRow();
            _row = null;
            return (row, ended);
        }

        // Checked before the record is built: most ticks write nothing and should cost nothing.
        if (_row is not null && elapsed - _writtenAt < AtMostEvery)
        {
            return null;
        }

        if (_recorder.Running(elapsed) is not { } running)
        {
            return null;
        }

        var shape = (running.MaxLevel, running.Levels.Count, running.Ceilings.Count, running.Heat, running.EaseOffs);
        if (_row is not null && shape == _written && elapsed - _writtenAt < LengthEvery)
        {
            return null;
        }

        _row ??= new SessionRow();
        _writtenAt = elapsed;
        _written = shape;
        return (_row, running);
    }
}
