using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Core.Heat;

/// <summary>Heat targets and regulator gains (configuration section "Heat").</summary>
public sealed class HeatOptions
{
    public const string Section = "Heat";

    /// <summary>No target can be set above this, whatever the configuration (IEC 60601-1 skin-contact limit + 1 °C).</summary>
    public const double HardMaxTargetC = 42.0;

    [OptionRange(30.0, HardMaxTargetC, ErrorMessage = "Heat:LowTargetC must be between {1} and {2} °C.")]
    public double LowTargetC { get; set; } = 38.0;

    [OptionRange(30.0, HardMaxTargetC, ErrorMessage = "Heat:HighTargetC must be between {1} and {2} °C.")]
    public double HighTargetC { get; set; } = 41.0;

    [OptionRange(0.1, 1.0, ErrorMessage = "Heat:MaxHeaterDuty must be between {1} and {2}.")]
    public double MaxHeaterDuty { get; set; } = 1.0;

    /// <summary>The largest gains accepted from configuration or from a saved auto-tune.</summary>
    public const double MaxKp = 10.0, MaxKi = 1.0, MaxKd = 100.0;

    // Defaults: a relay auto-tune of the simulated 25 W pad (docs/heat-regulation.md), rounded.
    [OptionRange(0.0, MaxKp, ErrorMessage = "Heat:Kp must be between {1} and {2}.")]
    public double Kp { get; set; } = 1.2;

    [OptionRange(0.0, MaxKi, ErrorMessage = "Heat:Ki must be between {1} and {2}.")]
    public double Ki { get; set; } = 0.095;

    [OptionRange(0.0, MaxKd, ErrorMessage = "Heat:Kd must be between {1} and {2}.")]
    public double Kd { get; set; } = 4.0;

    /// <summary>Null when the gains are finite and within range; otherwise what is wrong with them.</summary>
    /// <remarks>Written with the invariant culture: the words go to a log an integrator may paste anywhere.</remarks>
    public static string? Problem(PidGains gains) =>
        !(gains.Kp is >= 0 and <= MaxKp) ? OutsideRange("Kp", gains.Kp, MaxKp)
        : !(gains.Ki is >= 0 and <= MaxKi) ? OutsideRange("Ki", gains.Ki, MaxKi)
        : !(gains.Kd is >= 0 and <= MaxKd) ? OutsideRange("Kd", gains.Kd, MaxKd)
        : null;

    private static string OutsideRange(string name, double value, double max) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {value} is outside 0–{max}");

    public PidGains Gains => new(Kp, Ki, Kd);

    public double TargetFor(HeatLevel level) => level switch
    {
        HeatLevel.Low => Math.Min(LowTargetC, HardMaxTargetC),
        HeatLevel.High => Math.Min(HighTargetC, HardMaxTargetC),
        _ => double.NaN,
    };

    public double HighestTargetC => Math.Max(LowTargetC, HighTargetC);
}
