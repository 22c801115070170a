using System.Globalization;

namespace NeckCare.Device.Gpio.Sensors;

/// <summary>
/// One voltage channel of an ADC through the kernel's IIO driver (the ADS1115 binds to ti-ads1015):
/// /sys/bus/iio/devices/iio:deviceN/in_voltageK_raw times in_voltageK_scale is millivolts. Each read
/// of _raw is a fresh one-shot conversion, so a failed read is a missing sample, never an old value.
/// The device is found by its name attribute, not its number.
/// </summary>
public sealed class IioAdcChannel
{
    private readonly string _rawPath;
    private readonly string _scalePath;
    private double? _scale;

    private IioAdcChannel(string device, int channel)
    {
        Device = device;
        var prefix = "in_voltage" + channel.ToString(CultureInfo.InvariantCulture);
        _rawPath = Path.Combine(device, prefix + "_raw");
        _scalePath = File.Exists(Path.Combine(device, prefix + "_scale")) ? Path.Combine(device, prefix + "_scale") : Path.Combine(device, "in_voltage_scale");
    }

    public string Device { get; }

    public static IReadOnlyList<(string Directory, string Name)> List(string sysRoot)
    {
        var devices = Path.Combine(sysRoot, "bus", "iio", "devices");
        if (!Directory.Exists(devices))
        {
            return [];
        }

        return [.. Directory.EnumerateFileSystemEntries(devices, "iio:device*").Order(StringComparer.Ordinal)
            .Select(d => (d, Name: ReadName(d)))
            .Where(d => d.Name is not null)
            .Select(d => (d.d, d.Name!))];
    }

    public static IioAdcChannel Open(string sysRoot, string name, int channel)
    {
        var devices = List(sysRoot);
        var device = devices.FirstOrDefault(d => d.Name == name).Directory
            ?? throw new IOException($"No IIO device named {name} under {Path.Combine(sysRoot, "bus", "iio", "devices")}; found: "
                + (devices.Count == 0 ? "none (is dtoverlay=ads1115 in config.txt?)" : string.Join(", ", devices.Select(d => $"{Path.GetFileName(d.Directory)} \"{d.Name}\""))) + ".");
        var adc = new IioAdcChannel(device, channel);
        return File.Exists(adc._rawPath)
            ? adc
            : throw new IOException($"IIO device {name} has no channel {channel} ({adc._rawPath} is missing).");
    }

    /// <summary>One conversion in volts; NaN when the driver answered with something that is not a number.</summary>
    /// <exception cref="IOException">The conversion failed (a hung or absent I²C device).</exception>
    public double ReadVolts()
    {
        _scale ??= ParseOrNaN(File.ReadAllText(_scalePath));
        var raw = ParseOrNaN(File.ReadAllText(_rawPath));
        return raw * _scale.Value / 1000.0;
    }

    private static double ParseOrNaN(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static string? ReadName(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "name")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
