using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Configuration;

/// <summary>Which backend drives the massager (configuration section "Hardware").</summary>
public sealed class HardwareOptions
{
    public const string Section = "Hardware";

    [EnumDataType(typeof(HardwareBackend), ErrorMessage = "Hardware:Backend must be one of Simulator, Serial, Gpio.")]
    public HardwareBackend Backend { get; set; } = HardwareBackend.Simulator;
}

public enum HardwareBackend
{
    /// <summary>The simulated massager: any machine, no hardware.</summary>
    Simulator,

    /// <summary>A massager microcontroller on a serial port (see firmware-protocol/PROTOCOL.md).</summary>
    Serial,

    /// <summary>No microcontroller: the Pi's own GPIO, PWM and ADC drive the massager (section "Gpio").</summary>
    Gpio,
}
