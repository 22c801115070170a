namespace NeckCare.Device.Core.Heat;

/// <summary>
/// Finds PID gains by relay oscillation (Åström–Hägglund): the heater is switched fully on below
/// target − h and off above target + h, the pad oscillates, and from the oscillation's amplitude a and
/// period Tu the ultimate gain is Ku = 4d / (πa), d being half the relay's output swing. Peaks are
/// collected over several cycles and the medians used, so one disturbed cycle does not spoil the
/// result. Gains then follow the classic Ziegler–Nichols rule (Kp = 0.6 Ku, Ti = Tu/2, Td = Tu/8).
/// Classic ZN is known for overshoot, but with this regulator's frozen-integral anti-windup it measured
/// 0.2 °C on the simulated pad, less than the "some/no overshoot" variants (0.5–0.9 °C), which leave
/// too little proportional action against the sensor lag.
/// </summary>
public sealed class RelayAutoTuner
{
    private readonly double _target;
    private readonly double _maxDuty;
    private readonly double _hysteresis;
    private readonly int _peaksNeeded;
    private readonly List<double> _peaks = [];
    private readonly List<TimeSpan> _onSwitches = [];
    private bool _heating = true;
    private double _extreme = double.NaN;

    public RelayAutoTuner(double targetC, double maxDuty, double hysteresisC = 0.2, int peaksNeeded = 12)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetC, HeatOptions.HardMaxTargetC);
        ArgumentOutOfRangeException.ThrowIfLessThan(peaksNeeded, 6);
        _target = targetC;
        _maxDuty = maxDuty;
        _hysteresis = hysteresisC;
        _peaksNeeded = peaksNeeded;
    }

    public double TargetC => _target;

    public int PeaksSeen => _peaks.Count;

    public int PeaksNeeded => _peaksNeeded;

    public AutoTuneResult? Result { get; private set; }

    public bool IsComplete => Result is not null;

    /// <returns>The heater duty for this tick: full or nothing, and nothing once complete.</returns>
    public double Update(double temperatureC, TimeSpan now)
    {
        if (IsComplete || double.IsNaN(temperatureC))
        {
            return 0;
        }

        if (_heating)
        {
            _extreme = double.IsNaN(_extreme) ? temperatureC : Math.Min(_extreme, temperatureC);
            if (temperatureC >= _target + _hysteresis)
            {
                Switch(now, heating: false, temperatureC);
            }
        }
        else
        {
            _extreme = Math.Max(_extreme, temperatureC);
            if (temperatureC <= _target - _hysteresis)
            {
                Switch(now, heating: true, temperatureC);
            }
        }

        if (_peaks.Count >= _peaksNeeded)
        {
            Result = Compute();
            return 0;
        }

        return _heating ? _maxDuty : 0;
    }

    private void Switch(TimeSpan now, bool heating, double temperatureC)
    {
        // The first heating phase starts from cold: its minimum is no peak of the oscillation.
        var endOfFirstRise = !heating && _onSwitches.Count == 0;
        if (!endOfFirstRise)
        {
            _peaks.Add(_extreme); // alternately a high peak (end of cooling) and a low one (end of heating)
        }

        if (heating)
        {
            _onSwitches.Add(now);
        }

        _heating = heating;
        _extreme = temperatureC;
    }

    private AutoTuneResult Compute()
    {
        // Skip the first cycle (transient from cold); pair each high peak with the low that follows.
        var amplitudes = new List<double>();
        for (var i = 2; i + 1 < _peaks.Count; i += 2)
        {
            amplitudes.Add(Math.Abs(_peaks[i] - _peaks[i + 1]) / 2);
        }

        var periods = new List<double>();
        for (var i = 2; i < _onSwitches.Count; i++)
        {
            periods.Add((_onSwitches[i] - _onSwitches[i - 1]).TotalSeconds);
        }

        var a = Median(amplitudes);
        var tu = Median(periods);
        var ku = 4 * (_maxDuty / 2) / (Math.PI * a);
        var kp = 0.6 * ku;
        var ti = tu / 2;
        var td = tu / 8;
        return new AutoTuneResult(ku, tu, a, new PidGains(kp, kp / ti, kp * td));
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>What a relay auto-tune measured and the gains it derived.</summary>
/// <param name="UltimateGain">Ku, duty per °C.</param>
/// <param name="UltimatePeriodSeconds">Tu.</param>
/// <param name="AmplitudeC">Half the peak-to-peak oscillation.</param>
/// <param name="Gains">The derived PID gains.</param>
public sealed record AutoTuneResult(double UltimateGain, double UltimatePeriodSeconds, double AmplitudeC, PidGains Gains);
