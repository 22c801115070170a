using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Inputs;

/// <summary>
/// Rotation from a tach or Hall sensor: the kernel timestamps each edge, so the rate is pulses over
/// the kernel's own time span, not over when the control loop happened to read them.
/// </summary>
public sealed class TachCounter(int pulsesPerRevolution, int fullSpeedRpm, TimeSpan window)
{
    private readonly Queue<ulong> _edges = new();
    private ulong _last;

    private const double StillAfterIntervals = 3;

    public long Total { get; private set; }

    /// <summary>Takes one edge (rising edges only count: one per pulse).</summary>
    public void Add(GpioEdgeEvent edge)
    {
        if (!edge.Rising)
        {
            return;
        }

        _edges.Enqueue(edge.TimestampNs);
        _last = edge.TimestampNs;
        Total++;
    }

    /// <summary>
    /// Rotation as a fraction of full speed at kernel time <paramref name="nowNs"/>: the mean interval
    /// of the edges within the window, but never faster than the time since the last edge allows (a
    /// motor that just stopped reads as slowing at once, not after the window has emptied). While the
    /// motor is driven at <paramref name="driving"/>, three expected intervals without an edge read as
    /// still: a jam is seen in a few pulse times rather than after a whole window.
    /// </summary>
    public double Speed(ulong nowNs, double driving)
    {
        var windowNs = (ulong)(window.Ticks * 100);
        while (_edges.Count > 0 && nowNs - _edges.Peek() > windowNs)
        {
            _edges.Dequeue();
        }

        var fullSpeed = pulsesPerRevolution * fullSpeedRpm / 60.0;
        if (driving > 0 && (Total == 0 || (nowNs - _last) / 1e9 > StillAfterIntervals / (driving * fullSpeed)))
        {
            return 0;
        }

        if (_edges.Count < 2)
        {
            return _edges.Count / window.TotalSeconds / fullSpeed;
        }

        var first = _edges.Peek();
        var last = _last;
        var meanInterval = (last - first) / 1e9 / (_edges.Count - 1);
        var sinceLast = (nowNs - last) / 1e9;
        var pulsesPerSecond = 1 / Math.Max(meanInterval, sinceLast > 2 * meanInterval ? sinceLast : 0);
        return pulsesPerSecond / fullSpeed;
    }
}
