namespace NeckCare.Device.Host.Control;

/// <summary>
/// How regular the control ticks are: how far the spacing between the starts of the last
/// <see cref="Window"/> ticks strayed from the period they ran at, for diagnostics
/// (GET /api/v1/diagnostics/ticks) and the benchmark. Recording costs one array write on the owner
/// loop; reading copies the window. On the time-scaled simulator the ticks are exact in simulated time
/// by construction, so there the spacing is measured on the wall clock against the period divided by the
/// simulator's speed: what is reported is how regularly the process really ran them.
/// </summary>
/// <param name="time">The clock the spacing is measured on.</param>
/// <param name="speed">How many times faster than <paramref name="time"/> the ticks' own clock runs (1 unless time-scaled).</param>
public sealed class TickTiming(TimeProvider time, Func<double>? speed = null)
{
    /// <summary>20 s of ticks at 10 Hz.</summary>
    public const int Window = 200;

    private readonly object _gate = new();
    private readonly double[] _deviationMs = new double[Window];
    private long? _last;
    private double _periodMs;
    private int _count;
    private int _next;

    /// <param name="period">The period this tick was due at (the session tick or the idle tick).</param>
    public void TickStarted(TimeSpan period)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _periodMs = period.TotalMilliseconds;
            if (_last is { } last)
            {
                var scale = speed?.Invoke() ?? 1.0;
                _deviationMs[_next] = Math.Abs(time.GetElapsedTime(last, now).TotalMilliseconds - (_periodMs / scale));
                _next = (_next + 1) % Window;
                _count = Math.Min(_count + 1, Window);
            }

            _last = now;
        }
    }

    /// <summary>The period was changed (which restarts it): the next spacing says nothing about regularity.</summary>
    public void PeriodChanged()
    {
        lock (_gate)
        {
            _last = null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _count = 0;
            _next = 0;
            _last = null;
        }
    }

    public TickTimingReport Report()
    {
        double[] deviations;
        double periodMs;
        lock (_gate)
        {
            deviations = _deviationMs[.._count];
            periodMs = _periodMs;
        }

        Array.Sort(deviations);
        double At(double q) => deviations.Length == 0 ? 0 : deviations[Math.Min(deviations.Length - 1, (int)Math.Ceiling(q * deviations.Length) - 1)];
        return new TickTimingReport(deviations.Length, periodMs, Math.Round(At(0.5), 3), Math.Round(At(0.99), 3),
            deviations.Length == 0 ? 0 : Math.Round(deviations[^1], 3));
    }
}

/// <param name="Samples">Tick spacings in the window (up to 200: the last 20 s).</param>
/// <param name="PeriodMs">The period of the latest tick: the session tick, or the idle tick while the controller is quiet.</param>
/// <param name="DeviationP50Ms">Median of |spacing − period|, each spacing against the period its tick ran at.</param>
/// <param name="DeviationP99Ms">99th percentile of |spacing − period|.</param>
/// <param name="DeviationMaxMs">The largest |spacing − period|.</param>
public sealed record TickTimingReport(int Samples, double PeriodMs, double DeviationP50Ms, double DeviationP99Ms, double DeviationMaxMs);
