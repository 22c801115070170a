using System.Globalization;

namespace NeckCare.Device.Gpio.Sensors;

/// <summary>
/// Motor current from an INA219 through the kernel's hwmon driver: /sys/class/hwmon/hwmonN/curr1_input
/// in milliamperes, the device found by its name attribute ("ina219"), not its number.
/// </summary>
public sealed class HwmonCurrent
{
    private readonly string _input;

    private HwmonCurrent(string input) => _input = input;

    public static HwmonCurrent Open(string sysRoot, string name)
    {
        var root = Path.Combine(sysRoot, "class", "hwmon");
        var found = Directory.Exists(root) ? Directory.EnumerateFileSystemEntries(root, "hwmon*").Order(StringComparer.Ordinal).ToList() : [];
        foreach (var hwmon in found)
        {
            var nameFile = Path.Combine(hwmon, "name");
            if (File.Exists(nameFile) && File.ReadAllText(nameFile).Trim() == name && File.Exists(Path.Combine(hwmon, "curr1_input")))
            {
                return new HwmonCurrent(Path.Combine(hwmon, "curr1_input"));
            }
        }

        throw new IOException($"No hwmon device named {name} with curr1_input under {root} (is dtoverlay=i2c-sensor,ina219 in config.txt?).");
    }

    /// <summary>Amperes; NaN when the driver gave no number.</summary>
    public double ReadAmperes() =>
        double.TryParse(File.ReadAllText(_input).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ma) ? ma / 1000.0 : double.NaN;
}
