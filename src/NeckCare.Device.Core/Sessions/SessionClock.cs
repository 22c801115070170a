namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// Session time that runs only while massaging. It reads the monotonic timestamp, never the wall clock:
/// a Pi has no real-time clock and NTP may move UtcNow by years at boot, which must not end (or
/// prolong) a session.
/// </summary>
internal sealed class SessionClock(TimeProvider time)
{
    private readonly long _origin = time.GetTimestamp();
    private TimeSpan _accumulated;
    private TimeSpan? _runningSince;

    /// <summary>Monotonic time since this clock was made.</summary>
    public TimeSpan Now => time.GetElapsedTime(_origin);

    public TimeSpan Elapsed => _accumulated + (_runningSince is { } since ? Now - since : TimeSpan.Zero);

    public void Run() => _runningSince ??= Now;

    public void Hold()
    {
        if (_runningSince is { } since)
        {
            _accumulated += Now - since;
            _runningSince = null;
        }
    }

    public void Reset()
    {
        _accumulated = TimeSpan.Zero;
        _runningSince = null;
    }
}
