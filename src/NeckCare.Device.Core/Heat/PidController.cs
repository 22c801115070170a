namespace NeckCare.Device.Core.Heat;

/// <summary>
/// A PID controller for a heater, written for a slow plant with a lagging sensor:
/// derivative on the (filtered) measurement so a new target gives no kick; the integral is clamped to
/// the output range and frozen while the output saturates in the direction the error pushes
/// (conditional integration), so heating up from cold does not wind it up into an overshoot.
/// The first update only primes the filter: no derivative from an unknown previous value.
/// </summary>
public sealed class PidController
{
    private readonly double _outputMax;
    private readonly double _derivativeFilterSeconds;
    private double _integral;
    private double _filtered;
    private bool _primed;

    public PidController(PidGains gains, double outputMax, double derivativeFilterSeconds = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputMax);
        ArgumentOutOfRangeException.ThrowIfNegative(derivativeFilterSeconds);
        Gains = gains;
        _outputMax = outputMax;
        _derivativeFilterSeconds = derivativeFilterSeconds;
    }

    public PidGains Gains { get; set; }

    /// <summary>The integral term's current contribution (duty), for diagnostics.</summary>
    public double IntegralTerm => _integral;

    public void Reset()
    {
        _integral = 0;
        _primed = false;
    }

    /// <returns>The output in [0, outputMax]. A NaN measurement or a non-positive step returns 0.</returns>
    public double Update(double setpoint, double measurement, double dtSeconds)
    {
        if (double.IsNaN(measurement) || double.IsNaN(setpoint))
        {
            Reset();
            return 0; // Never heat on a reading that is not a number.
        }

        if (!_primed || dtSeconds <= 0)
        {
            _filtered = measurement;
            _primed = true;
            dtSeconds = 0;
        }

        var previous = _filtered;
        var alpha = _derivativeFilterSeconds <= 0 ? 1 : dtSeconds / (_derivativeFilterSeconds + dtSeconds);
        _filtered += alpha * (measurement - _filtered);
        var derivative = dtSeconds > 0 ? (_filtered - previous) / dtSeconds : 0;

        var error = setpoint - measurement;
        var withoutIntegral = (Gains.Kp * error) - (Gains.Kd * derivative);
        var candidate = Math.Clamp(_integral + (Gains.Ki * error * dtSeconds), 0, _outputMax);
        var unclamped = withoutIntegral + candidate;
        var saturatingHigh = unclamped > _outputMax && error > 0;
        var saturatingLow = unclamped < 0 && error < 0;
        if (!saturatingHigh && !saturatingLow)
        {
            _integral = candidate;
        }

        return Math.Clamp(withoutIntegral + _integral, 0, _outputMax);
    }
}
