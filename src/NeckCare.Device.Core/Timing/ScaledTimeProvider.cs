namespace NeckCare.Device.Core.Timing;

/// <summary>
/// Runs time faster than the wall clock (simulator only: a 15-minute session in 15 s at 60×). Every
/// timer and timestamp of the whole service goes through it, so the session, the regulator and the
/// simulated physics all agree on what a second is.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly double _scale;
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _originUtc;

    public ScaledTimeProvider(TimeProvider inner, double scale)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1.0);
        _inner = inner;
        _scale = scale;
        _originTimestamp = inner.GetTimestamp();
        _originUtc = inner.GetUtcNow();
    }

    public double Scale => _scale;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp()
    {
        var real = _inner.GetTimestamp() - _originTimestamp;
        return _originTimestamp + (long)(real * _scale);
    }

    public override DateTimeOffset GetUtcNow() =>
        _originUtc + TimeSpan.FromTicks((long)((_inner.GetUtcNow() - _originUtc).Ticks * _scale));

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    private TimeSpan Shrink(TimeSpan t) =>
        t == Timeout.InfiniteTimeSpan || t == TimeSpan.Zero ? t : TimeSpan.FromTicks(Math.Max(1, (long)(t.Ticks / _scale)));

    /// <summary>PeriodicTimer re-arms through Change, so the scaling must apply there as well.</summary>
    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Shrink(dueTime), owner.Shrink(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
