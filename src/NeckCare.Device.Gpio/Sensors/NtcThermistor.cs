namespace NeckCare.Device.Gpio.Sensors;

/// <summary>
/// An NTC thermistor's resistance–temperature curve: the Beta equation from R25 and B (a 10 kΩ B3950 by
/// default), or Steinhart–Hart when the three coefficients are known (more exact over a wide range).
/// </summary>
public sealed class NtcThermistor
{
    private const double KelvinOffset = 273.15;
    private const double T25K = 298.15;
    private readonly double _r25;
    private readonly double _beta;
    private readonly (double A, double B, double C)? _steinhartHart;

    public NtcThermistor(double r25Ohms = 10_000, double beta = 3950, (double A, double B, double C)? steinhartHart = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(r25Ohms, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(beta, 0);
        _r25 = r25Ohms;
        _beta = beta;
        _steinhartHart = steinhartHart;
    }

    public double TemperatureC(double ohms)
    {
        var ln = Math.Log(ohms / (_steinhartHart is null ? _r25 : 1.0));
        var inverseK = _steinhartHart is { } c
            ? c.A + (c.B * ln) + (c.C * ln * ln * ln)
            : (1 / T25K) + (ln / _beta);
        return (1 / inverseK) - KelvinOffset;
    }

    /// <summary>The resistance at <paramref name="celsius"/> (Beta equation): what a simulated sensor presents.</summary>
    public double OhmsAt(double celsius) => _r25 * Math.Exp(_beta * ((1 / (celsius + KelvinOffset)) - (1 / T25K)));
}

/// <summary>How a reading of the thermistor's divider came out.</summary>
public enum NtcState
{
    Ok,

    /// <summary>The voltage sits at the supply rail: the thermistor or its wire is open.</summary>
    Open,

    /// <summary>The voltage sits at ground: the thermistor or its wire is shorted.</summary>
    Shorted,

    /// <summary>No usable number came back (a failed conversion).</summary>
    NoReading,
}

/// <summary>
/// The thermistor on the low side of a divider from the ADC's supply: V = Vs·R / (Rs + R). An open or
/// shorted thermistor pins the voltage to a rail, far outside anything a neck pad reaches, so the rails
/// are recognised here and reported with the values the safety core knows as open (−40 °C) and shorted
/// (150 °C), never converted into a temperature that looks real.
/// </summary>
public sealed class NtcDivider(NtcThermistor thermistor, double supplyVolts = 3.3, double seriesOhms = 10_000)
{
    /// <summary>Within 3 % of a rail (below about −30 °C or above about 135 °C for a B3950).</summary>
    public const double RailFraction = 0.03;

    public const double OpenC = -40.0;
    public const double ShortedC = 150.0;

    public double SupplyVolts => supplyVolts;

    public (NtcState State, double TemperatureC) Convert(double volts)
    {
        if (double.IsNaN(volts) || double.IsInfinity(volts))
        {
            return (NtcState.NoReading, double.NaN);
        }

        if (volts >= supplyVolts * (1 - RailFraction))
        {
            return (NtcState.Open, OpenC);
        }

        if (volts <= supplyVolts * RailFraction)
        {
            return (NtcState.Shorted, ShortedC);
        }

        var ohms = seriesOhms * volts / (supplyVolts - volts);
        return (NtcState.Ok, thermistor.TemperatureC(ohms));
    }

    /// <summary>The divider's voltage at <paramref name="celsius"/>: what a simulated ADC measures.</summary>
    public double VoltsAt(double celsius)
    {
        var ohms = thermistor.OhmsAt(celsius);
        return supplyVolts * ohms / (seriesOhms + ohms);
    }
}
