using System.Globalization;

namespace NeckCare.Device.Gpio.Sensors;

/// <summary>
/// A DS18B20 on the kernel's 1-wire bus (/sys/bus/w1/devices/28-…/w1_slave). The file has two lines:
/// the scratchpad with "crc=xx YES" or "NO", then the scratchpad again with "t=" in millidegrees.
/// A failed CRC is a bad reading, never a temperature; so is 85.000 °C, the power-on value the chip
/// reports when a conversion did not run. A conversion takes 750 ms at 12 bits, so it is read off the
/// control path and used as a cross-check of the NTC, not as the regulating sensor.
/// </summary>
public static class Ds18b20
{
    public const double PowerOnC = 85.0;

    /// <summary>The temperature in °C, or null when the reading is not one.</summary>
    public static double? Parse(string w1Slave)
    {
        ArgumentNullException.ThrowIfNull(w1Slave);
        var lines = w1Slave.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !lines[0].EndsWith("YES", StringComparison.Ordinal))
        {
            return null;
        }

        var at = lines[1].LastIndexOf("t=", StringComparison.Ordinal);
        if (at < 0 || !int.TryParse(lines[1][(at + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli))
        {
            return null;
        }

        var celsius = milli / 1000.0;
        return celsius == PowerOnC ? null : celsius;
    }

    /// <summary>The w1_slave file of the sensor with id <paramref name="id"/> (e.g. "28-0316a2793aff").</summary>
    public static string PathOf(string sysRoot, string id) => Path.Combine(sysRoot, "bus", "w1", "devices", id, "w1_slave");
}
