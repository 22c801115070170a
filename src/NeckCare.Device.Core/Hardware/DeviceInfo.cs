namespace NeckCare.Device.Core.Hardware;

/// <summary>What the device says about itself at connect time.</summary>
/// <param name="Model">Model or board name.</param>
/// <param name="FirmwareVersion">Firmware version string.</param>
/// <param name="IntensityLevels">Number of intensity levels (the lightest is 1).</param>
/// <param name="HasHeater">Whether a heater is fitted.</param>
/// <param name="SensorType">The temperature sensor, e.g. "NTC 10k B3950".</param>
/// <param name="FirmwareCeilingC">The temperature at which the device cuts the heater by itself.</param>
public sealed record DeviceInfo(
    string Model,
    string FirmwareVersion,
    int IntensityLevels,
    bool HasHeater,
    string SensorType,
    double FirmwareCeilingC);
