using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Gpio;

/// <summary>
/// The pin map and parts of a massager driven straight from the Pi (configuration section "Gpio").
/// Line numbers are offsets on the header's GPIO chip, which on every Pi are the BCM GPIO numbers.
/// Chips and devices are named, never numbered (see docs/integrator-guide.md, "Driving the massager
/// from the Pi's pins").
/// </summary>
public sealed class GpioOptions
{
    public const string Section = "Gpio";

    /// <summary>Where sysfs is mounted; tests point it at a fake tree.</summary>
    public string SysRoot { get; set; } = "/sys";

    /// <summary>Where the device nodes are; tests point it at a fake tree.</summary>
    public string DevRoot { get; set; } = "/dev";

    /// <summary>Labels of the header's GPIO chip, in order of preference (Pi 5, Pi 4, Pi 3/Zero 2 W).</summary>
    [Required(ErrorMessage = "Gpio:ChipLabels must name the GPIO chip's label, e.g. pinctrl-rp1.")]
    public string ChipLabels { get; set; } = "pinctrl-rp1,pinctrl-bcm2711,pinctrl-bcm2835";

    /// <summary>The device the PWM controller belongs to: 1f00098000.pwm on a Pi 5, fe20c000.pwm on a Pi 4, 3f20c000.pwm before.</summary>
    [Required(ErrorMessage = "Gpio:PwmDevice must name the PWM controller's device, e.g. 1f00098000.pwm.")]
    public string PwmDevice { get; set; } = "1f00098000.pwm";

    /// <summary>GPIO lines the PWM overlay has taken for its channels; no other role may use them.</summary>
    public string PwmLines { get; set; } = "12,13";

    /// <summary>The PWM channel driving the H-bridge's first input (IN1: forward, or speed with a direction line).</summary>
    [OptionRange(0, 15, ErrorMessage = "Gpio:MotorPwmChannel must be between {1} and {2}.")]
    public int MotorPwmChannel { get; set; }

    /// <summary>The PWM channel on the H-bridge's second input (IN2: reverse); −1 when a direction line is used instead.</summary>
    [OptionRange(-1, 15, ErrorMessage = "Gpio:MotorReversePwmChannel must be between {1} and {2} (−1: none).")]
    public int MotorReversePwmChannel { get; set; } = 1;

    /// <summary>A direction line instead of a second PWM channel; −1 for none.</summary>
    [OptionRange(-1, 63, ErrorMessage = "Gpio:MotorDirectionLine must be between {1} and {2} (−1: none).")]
    public int MotorDirectionLine { get; set; } = -1;

    /// <summary>The H-bridge's enable or standby input (nSLEEP on a DRV8833, STBY on a TB6612FNG); it has a pull-down.</summary>
    [OptionRange(0, 63, ErrorMessage = "Gpio:MotorEnableLine must be between {1} and {2}.")]
    public int MotorEnableLine { get; set; } = 22;

    [OptionRange(100, 100_000, ErrorMessage = "Gpio:PwmFrequencyHz must be between {1} and {2} Hz.")]
    public int PwmFrequencyHz { get; set; } = 20_000;

    /// <summary>How long the motor coasts with both inputs low before it turns the other way.</summary>
    [OptionRange(50, 2000, ErrorMessage = "Gpio:CoastMilliseconds must be between {1} and {2} ms.")]
    public int CoastMilliseconds { get; set; } = 200;

    /// <summary>The line to the heater MOSFET's gate (which has a pull-down).</summary>
    [OptionRange(0, 63, ErrorMessage = "Gpio:HeaterLine must be between {1} and {2}.")]
    public int HeaterLine { get; set; } = 23;

    /// <summary>The heater's time-proportioning period: on for duty × period, then off.</summary>
    [OptionRange(1000, 2000, ErrorMessage = "Gpio:HeaterPeriodMilliseconds must be between {1} and {2} ms.")]
    public int HeaterPeriodMilliseconds { get; set; } = 1500;

    /// <summary>The stop button's line (to ground, with the pull-up enabled).</summary>
    [OptionRange(0, 63, ErrorMessage = "Gpio:StopButtonLine must be between {1} and {2}.")]
    public int StopButtonLine { get; set; } = 24;

    [OptionRange(1, 100, ErrorMessage = "Gpio:StopButtonDebounceMilliseconds must be between {1} and {2} ms.")]
    public int StopButtonDebounceMilliseconds { get; set; } = 10;

    /// <summary>A tach or Hall sensor's line; −1 for none (then Gpio:CurrentSensor must be set).</summary>
    [OptionRange(-1, 63, ErrorMessage = "Gpio:TachLine must be between {1} and {2} (−1: none).")]
    public int TachLine { get; set; } = 25;

    [OptionRange(1, 64, ErrorMessage = "Gpio:TachPulsesPerRevolution must be between {1} and {2}.")]
    public int TachPulsesPerRevolution { get; set; } = 2;

    /// <summary>Revolutions per minute at full speed where the tach sits: a Hall sensor on the motor shaft, before the gearbox, gives edges often enough to see a stall within half a second.</summary>
    [OptionRange(10, 30_000, ErrorMessage = "Gpio:FullSpeedRpm must be between {1} and {2}.")]
    public int FullSpeedRpm { get; set; } = 3000;

    /// <summary>The IIO name of the ADC reading the thermistor.</summary>
    [Required(ErrorMessage = "Gpio:AdcName must name the ADC's IIO device, e.g. ads1115.")]
    public string AdcName { get; set; } = "ads1115";

    [OptionRange(0, 7, ErrorMessage = "Gpio:AdcChannel must be between {1} and {2}.")]
    public int AdcChannel { get; set; }

    /// <summary>The divider's supply, which the ADC's range must cover.</summary>
    [OptionRange(1.0, 5.5, ErrorMessage = "Gpio:DividerSupplyVolts must be between {1} and {2} V.")]
    public double DividerSupplyVolts { get; set; } = 3.3;

    [OptionRange(1000, 100_000, ErrorMessage = "Gpio:SeriesResistorOhms must be between {1} and {2} Ω.")]
    public double SeriesResistorOhms { get; set; } = 10_000;

    [OptionRange(1000, 100_000, ErrorMessage = "Gpio:NtcR25Ohms must be between {1} and {2} Ω.")]
    public double NtcR25Ohms { get; set; } = 10_000;

    [OptionRange(2000, 5000, ErrorMessage = "Gpio:NtcBeta must be between {1} and {2} K.")]
    public double NtcBeta { get; set; } = 3950;

    /// <summary>The hwmon name of a motor-current sensor (ina219), or empty for none.</summary>
    public string CurrentSensor { get; set; } = "";

    /// <summary>A DS18B20 cross-checking the thermistor (its 1-wire id, e.g. 28-0316a2793aff), or empty for none.</summary>
    public string Ds18b20Id { get; set; } = "";

    /// <summary>How far the DS18B20 and the thermistor may disagree before the sensor is judged faulty.</summary>
    [OptionRange(1.0, 10.0, ErrorMessage = "Gpio:CrossCheckToleranceC must be between {1} and {2} °C.")]
    public double CrossCheckToleranceC { get; set; } = 4.0;

    /// <summary>How long an exported PWM channel may take to appear and become writable (udev sets its group).</summary>
    [OptionRange(100, 30_000, ErrorMessage = "Gpio:ExportTimeoutMilliseconds must be between {1} and {2} ms.")]
    public int ExportTimeoutMilliseconds { get; set; } = 2000;

    public IReadOnlyList<string> ChipLabelList => Split(ChipLabels);

    public IReadOnlyList<int> PwmLineList => [.. Split(PwmLines).Select(s => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1)];

    private static string[] Split(string s) => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
