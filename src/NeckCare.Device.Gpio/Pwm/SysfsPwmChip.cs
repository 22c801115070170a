using System.Globalization;

namespace NeckCare.Device.Gpio.Pwm;

/// <summary>
/// A PWM controller under /sys/class/pwm, found by the device it belongs to (for example
/// "1f00098000.pwm" on a Pi 5, "fe20c000.pwm" on a Pi 4) rather than by its pwmchipN number, which
/// changes with kernels and with the order other PWM drivers probe in.
/// </summary>
public sealed class SysfsPwmChip
{
    private SysfsPwmChip(string directory, string device, int channels)
    {
        Directory = directory;
        Device = device;
        ChannelCount = channels;
    }

    /// <summary>/sys/class/pwm/pwmchipN (under the configured root).</summary>
    public string Directory { get; }

    public string Device { get; }

    public int ChannelCount { get; }

    /// <summary>Every PWM chip under <paramref name="sysRoot"/>: its directory, the device it belongs to and its channel count.</summary>
    public static IReadOnlyList<(string Directory, string Device, int Channels)> List(string sysRoot)
    {
        var found = new List<(string, string, int)>();
        var classDir = Path.Combine(sysRoot, "class", "pwm");
        if (!System.IO.Directory.Exists(classDir))
        {
            return found;
        }

        foreach (var chip in System.IO.Directory.EnumerateFileSystemEntries(classDir, "pwmchip*").Order(StringComparer.Ordinal))
        {
            var device = DeviceName(chip);
            if (device is null || !int.TryParse(ReadOrNull(Path.Combine(chip, "npwm")), NumberStyles.None, CultureInfo.InvariantCulture, out var npwm))
            {
                continue;
            }

            found.Add((chip, device, npwm));
        }

        return found;
    }

    public static SysfsPwmChip Open(string sysRoot, string device)
    {
        var chips = List(sysRoot);
        var chip = chips.FirstOrDefault(c => string.Equals(c.Device, device, StringComparison.Ordinal));
        return chip.Directory is null
            ? throw new IOException($"No PWM chip belongs to device {device} under {Path.Combine(sysRoot, "class", "pwm")}; found: "
                + (chips.Count == 0 ? "none (is dtoverlay=pwm-2chan in config.txt?)" : string.Join(", ", chips.Select(c => $"{Path.GetFileName(c.Directory)} of {c.Device} ({c.Channels} channels)"))) + ".")
            : new SysfsPwmChip(chip.Directory, chip.Device, chip.Channels);
    }

    /// <summary>Exports channel <paramref name="channel"/> (if it is not already) and returns it, disabled.</summary>
    public SysfsPwmChannel Export(int channel, TimeSpan exportWait)
    {
        if (channel < 0 || channel >= ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), $"{Device} has channels 0–{ChannelCount - 1}; {channel} is not one of them.");
        }

        return SysfsPwmChannel.Export(Directory, channel, exportWait);
    }

    /// <summary>
    /// The device a pwmchipN belongs to: the name its "device" link points at, or failing that the
    /// directory above "pwm/pwmchipN" in its real path.
    /// </summary>
    private static string? DeviceName(string chip)
    {
        try
        {
            var link = new DirectoryInfo(Path.Combine(chip, "device"));
            if (link.LinkTarget is { } target)
            {
                return Path.GetFileName(target.TrimEnd('/'));
            }

            var real = new DirectoryInfo(chip).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return real is null ? null : Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(real)));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
