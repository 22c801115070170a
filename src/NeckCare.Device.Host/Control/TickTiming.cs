namespace NeckCare.Device.Host.Control;

/// <summary>
/// How regular the control ticks are: the spacing between the starts of the last <see cref="Window"/>
/// ticks, for diagnostics (GET /api/v1/diagnostics/ticks) and the benchmark. Recording costs one
/// array write on the owner loop; reading copies the window.
/// </summary>
public sealed class TickTiming(TimeProvider time, TimeSpan period)
{
    /// <summary>20 s of ticks at 10 Hz.</summary>
    public const int Window = 200;

    private readonly object _gate = new();
    private readonly double[] _spacingMs = new double[Window];
    private long? _last;
    private int _count;
    private int _next;

    public void TickStarted()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_last is { } last)
            {
                _spacingMs[_next] = time.GetElapsedTime(last, now).TotalMilliseconds;
                _next = (_next + 1) % Window;
                _count = Math.Min(_count + 1, Window);
            }

            _last = now;
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
        double[] spacing;
        lock (_gate)
        {
            spacing = _spacingMs[.._count];
        }

        var periodMs = period.TotalMilliseconds;
        var deviations = spacing.Select(s => Math.Abs(s - periodMs)).Order().ToArray();
        double At(double q) => deviations.Length == 0 ? 0 : deviations[Math.Min(deviations.Length - 1, (int)Math.Ceiling(q * deviations.Length) - 1)];
        return new TickTimingReport(deviations.Length, periodMs, Math.Round(At(0.5), 3), Math.Round(At(0.99), 3),
            deviations.Length == 0 ? 0 : Math.Round(deviations[^1], 3));
    }
}

/// <param name="Samples">Tick spacings in the window (up to 200: the last 20 s).</param>
/// <param name="PeriodMs">The configured tick period.</param>
/// <param name="DeviationP50Ms">Median of |spacing − period|.</param>
/// <param name="DeviationP99Ms">99th percentile of |spacing − period|.</param>
/// <param name="DeviationMaxMs">The largest |spacing − period|.</param>
public sealed record TickTimingReport(int Samples, double PeriodMs, double DeviationP50Ms, double DeviationP99Ms, double DeviationMaxMs);
