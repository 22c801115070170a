using System.Globalization;

namespace NeckCare.Device.Core.Safety;

/// <summary>
/// Catches a heater that does not heat as it should: a detached sensor reading room air, a failed or
/// half-dead element. Approaching the target, every <c>HeatingGainC</c> must be gained within
/// <c>HeatingGainSeconds</c>; once the target has been reached, the time-integral of the shortfall
/// below target − hysteresis may not exceed <c>MaxShortfallCs</c> (Klipper's max_error idea).
/// It does not catch over-temperature; the ceiling does.
/// </summary>
internal sealed class HeatingProgressCheck(SafetyOptions options)
{
    private double? _target;
    private bool _approaching;
    private double _goalC;
    private TimeSpan _goalDeadline;
    private double _shortfall;

    public void Reset() => _target = null;

    /// <param name="targetC">The regulated target while heat is requested and the session runs; otherwise null.</param>
    public Trip? Check(double temperatureC, double? targetC, TimeSpan now, double dtSeconds)
    {
        if (targetC is not { } target)
        {
            _target = null;
            return null;
        }

        if (_target != target)
        {
            _target = target;
            _approaching = true;
            _shortfall = 0;
            StartLeg(temperatureC, now);
        }

        var floor = target - options.HysteresisC;
        if (temperatureC >= floor)
        {
            _approaching = false;
            _shortfall = 0;
            return null;
        }

        if (_approaching)
        {
            if (temperatureC >= _goalC)
            {
                StartLeg(temperatureC, now);
            }
            else if (now >= _goalDeadline)
            {
                return new Trip(FaultCode.HeatingTooSlow, string.Create(CultureInfo.InvariantCulture,
                    $"The pad did not warm by {options.HeatingGainC:0.#} °C within {options.HeatingGainSeconds:0} s (now {temperatureC:0.0} °C); heat has been switched off. The sensor may have come loose or the heater may be failing."));
            }

            return null;
        }

        _shortfall += (floor - temperatureC) * dtSeconds;
        return _shortfall > options.MaxShortfallCs
            ? new Trip(FaultCode.HeatingTooSlow, string.Create(CultureInfo.InvariantCulture,
                $"The pad could not hold its temperature (now {temperatureC:0.0} °C for a target of {target:0.0} °C); heat has been switched off."))
            : null;
    }

    private void StartLeg(double temperatureC, TimeSpan now)
    {
        _goalC = temperatureC + options.HeatingGainC;
        _goalDeadline = now + TimeSpan.FromSeconds(options.HeatingGainSeconds);
    }
}
