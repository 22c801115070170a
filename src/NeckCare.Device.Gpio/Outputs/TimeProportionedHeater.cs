using NeckCare.Device.Gpio.Lines;

namespace NeckCare.Device.Gpio.Outputs;

/// <summary>
/// A heater switched by one GPIO line through a MOSFET, its power set by slow time-proportioning: in
/// each period (1–2 s) the line is on for duty × period, then off. A pad's thermal time constant is
/// minutes, so this is as good as PWM for heat, and the MOSFET switches rarely. A lower duty takes
/// effect at once (the line goes off if this period's on-time is already used up); a higher one at the
/// next period.
/// </summary>
public sealed class TimeProportionedHeater : IDisposable
{
    private readonly GpioLines _lines;
    private readonly uint _line;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private double _duty;
    private long _periodStart;
    private bool _on;

    public TimeProportionedHeater(GpioLines lines, uint line, TimeSpan period, TimeProvider time)
    {
        _lines = lines;
        _line = line;
        _period = period;
        _time = time;
        _timer = time.CreateTimer(_ => OnEdge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The duty it applies now.</summary>
    public double Duty
    {
        get
        {
            lock (_gate)
            {
                return _duty;
            }
        }
    }

    /// <summary>Raised (outside the lock) when switching the line fails: the chip is gone.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Sets the duty (clamped to [0, 1]; NaN is 0).</summary>
    public void SetDuty(double duty)
    {
        var clamped = double.IsNaN(duty) ? 0 : Math.Clamp(duty, 0, 1);
        Exception? failure = null;
        lock (_gate)
        {
            var was = _duty;
            _duty = clamped;
            if (clamped == 0)
            {
                failure = Switch(false);
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else if (was == 0)
            {
                failure = StartPeriod();
            }
            else if (_on && _time.GetElapsedTime(_periodStart) >= _period * clamped)
            {
                failure = Switch(false);
                _timer.Change(_period - _time.GetElapsedTime(_periodStart), Timeout.InfiniteTimeSpan);
            }
        }

        Report(failure);
    }

    /// <summary>Off now, duty 0.</summary>
    public void Off() => SetDuty(0);

    public void Dispose() => _timer.Dispose();

    private void OnEdge()
    {
        Exception? failure = null;
        lock (_gate)
        {
            if (_duty == 0)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(_periodStart);
            if (_on && elapsed < _period)
            {
                failure = Switch(false);
                _timer.Change(_period - elapsed, Timeout.InfiniteTimeSpan);
            }
            else
            {
                failure = StartPeriod();
            }
        }

        Report(failure);
    }

    private Exception? StartPeriod()
    {
        _periodStart = _time.GetTimestamp();
        var onFor = _period * _duty;
        var failure = Switch(true);
        _timer.Change(_duty >= 1 ? _period : onFor, Timeout.InfiniteTimeSpan);
        return failure;
    }

    private Exception? Switch(bool on)
    {
        try
        {
            if (_on != on || !on)
            {
                _lines.Set(_line, on);
            }

            _on = on;
            return null;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _on = false;
            _duty = 0;
            return ex;
        }
    }

    private void Report(Exception? failure)
    {
        if (failure is not null)
        {
            Failed?.Invoke(failure);
        }
    }
}
