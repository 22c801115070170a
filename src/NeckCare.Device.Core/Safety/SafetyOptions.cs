using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Core.Safety;

/// <summary>
/// The safety envelope of docs/routine.md section 4 (configuration section "Safety"). Figures with no
/// range in docs/routine.md are constants in <see cref="SafetyLimits"/> and cannot be configured.
/// </summary>
public sealed class SafetyOptions
{
    public const string Section = "Safety";

    [OptionRange(35.0, SafetyLimits.HardOverTemperatureC, ErrorMessage = "Safety:OverTemperatureC must be between {1} and {2} °C.")]
    public double OverTemperatureC { get; set; } = 44.0;

    [OptionRange(40.0, SafetyLimits.HardFirmwareCeilingC, ErrorMessage = "Safety:FirmwareCeilingC must be between {1} and {2} °C.")]
    public double FirmwareCeilingC { get; set; } = 45.0;

    [OptionRange(10.0, 60.0, ErrorMessage = "Safety:HeatingGainSeconds must be between {1} and {2} seconds.")]
    public double HeatingGainSeconds { get; set; } = 30.0;

    [OptionRange(1.0, 5.0, ErrorMessage = "Safety:HeatingGainC must be between {1} and {2} °C.")]
    public double HeatingGainC { get; set; } = 2.0;

    [OptionRange(1.0, 5.0, ErrorMessage = "Safety:HysteresisC must be between {1} and {2} °C.")]
    public double HysteresisC { get; set; } = 2.0;

    [OptionRange(30.0, 600.0, ErrorMessage = "Safety:MaxShortfallCs must be between {1} and {2} °C·s.")]
    public double MaxShortfallCs { get; set; } = 120.0;

    [OptionRange(0.2, 10.0, ErrorMessage = "Safety:StallCurrentA must be between {1} and {2} A.")]
    public double StallCurrentA { get; set; } = 1.5;
}

/// <summary>Fixed figures of the safety envelope (docs/routine.md section 4).</summary>
public static class SafetyLimits
{
    public const double HardOverTemperatureC = 44.0;
    public const double HardFirmwareCeilingC = Hardware.DeviceRules.MaxCeilingC;
    public const double MinMarginAboveTargetC = 2.0;
    public const double MinPlausibleC = 0.0;
    public const double MaxPlausibleC = 80.0;
    public const double MaxRateCPerSecond = 5.0;
    public static readonly TimeSpan NominalSamplePeriod = TimeSpan.FromMilliseconds(100);
    /// <summary>
    /// No fresh sample for this long: SensorStale. Shorter than the device's watchdog (DeviceRules, 1 s) by
    /// two ticks: a loop starved by a frozen sensor stops feeding the device, and the host must name that
    /// cause before the device's watchdog cuts everything and the link is reported lost instead.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMilliseconds(800);

    /// <summary>No report at all from a device for this long (while the link stays up): the device stopped sending readings.</summary>
    public static readonly TimeSpan NoReportsAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan StuckOnWindow = TimeSpan.FromSeconds(20);
    public const double StuckOnRiseC = 2.0;

    /// <summary>A stuck-on heater counts as gone when the pad rose less than this over the whole <see cref="StuckOnWindow"/>.</summary>
    public const double StuckOnClearedBelowC = 0.5;
    public static readonly TimeSpan StallCurrentFor = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan NoRotationFor = TimeSpan.FromMilliseconds(500);
    public const double NoRotationCommandedAtLeast = 0.1;
    public const double NoRotationMeasuredBelow = 0.02;
    /// <summary>
    /// A loop held up this long has let the device's watchdog (1 s by default) and the stale-reading
    /// limit run out: the stall, not the sensor or the link, is the cause to name.
    /// </summary>
    public static readonly TimeSpan ControlLoopStallAfter = TimeSpan.FromSeconds(1);

    /// <summary>After a heat fault, how long the lagging sensor may go on rising before any rise counts.</summary>
    public static readonly TimeSpan EscalationSettling = TimeSpan.FromSeconds(10);

    /// <summary>After that, a rise this far above the settling window's peak means the heater is not obeying.</summary>
    public const double EscalationRiseC = 0.3;

    /// <summary>Heat may be on at most for the longest session plus a minute's margin.</summary>
    public static readonly TimeSpan MaxHeatOn = TimeSpan.FromMinutes(16);
}
