using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Lines;

/// <summary>
/// One GPIO chip, found by its label rather than its number: the header pins' chip is gpiochip0 on a
/// Pi 4 and was gpiochip4, then gpiochip0, on a Pi 5 as kernels changed, but its label stays
/// "pinctrl-rp1" (Pi 5) or "pinctrl-bcm2711"/"pinctrl-bcm2835" (before it).
/// </summary>
public sealed class GpioChip : IDisposable
{
    private readonly IGpioKernel _kernel;
    private readonly GpioFd _fd;

    private GpioChip(IGpioKernel kernel, GpioFd fd, string path, string label, uint lines)
    {
        _kernel = kernel;
        _fd = fd;
        Path = path;
        Label = label;
        LineCount = lines;
    }

    public string Path { get; }

    public string Label { get; }

    public uint LineCount { get; }

    /// <summary>Every chip under <paramref name="devRoot"/> with its label, for messages and validation.</summary>
    public static IReadOnlyList<(string Path, string Label, uint Lines)> List(IGpioKernel kernel, string devRoot)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var found = new List<(string, string, uint)>();
        if (!Directory.Exists(devRoot))
        {
            return found;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(devRoot, "gpiochip*").Order(StringComparer.Ordinal))
        {
            try
            {
                using var fd = kernel.Open(path);
                var info = ReadInfo(kernel, fd);
                found.Add((path, info.Label, info.Lines));
            }
            catch (IOException)
            {
                // Not a GPIO chip we may open (or gone meanwhile): it is simply not a candidate.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Opens the first chip whose label is one of <paramref name="labels"/> (in that order of preference).</summary>
    public static GpioChip OpenByLabel(IGpioKernel kernel, string devRoot, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var chips = List(kernel, devRoot);
        foreach (var label in labels)
        {
            if (chips.FirstOrDefault(c => c.Label == label) is { Path: not null } chip)
            {
                var fd = kernel.Open(chip.Path);
                return new GpioChip(kernel, fd, chip.Path, chip.Label, chip.Lines);
            }
        }

        throw new IOException($"No GPIO chip labelled {string.Join(" or ", labels)} under {devRoot}; found: "
            + (chips.Count == 0 ? "none" : string.Join(", ", chips.Select(c => $"{System.IO.Path.GetFileName(c.Path)} \"{c.Label}\" ({c.Lines} lines)"))) + ".");
    }

    /// <summary>Requests <paramref name="lines"/> as one request: they are set together and released together.</summary>
    public GpioLines Request(IReadOnlyList<LineSettings> lines, string consumer)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.Where(l => l.Offset >= LineCount))
        {
            throw new ArgumentOutOfRangeException(nameof(lines), $"{Label} has lines 0–{LineCount - 1}; {line.Offset} is not one of them.");
        }

        Span<byte> request = stackalloc byte[GpioUapi.LineRequestSize];
        GpioEncoding.EncodeRequest(request, lines, consumer, eventBufferSize: 64);
        _kernel.Ioctl(_fd, GpioUapi.GetLineIoctl, request);
        return new GpioLines(_kernel, _kernel.Adopt(GpioEncoding.DecodeRequestFd(request)), lines);
    }

    public void Dispose() => _fd.Dispose();

    private static (string Name, string Label, uint Lines) ReadInfo(IGpioKernel kernel, GpioFd fd)
    {
        Span<byte> info = stackalloc byte[GpioUapi.ChipInfoSize];
        info.Clear();
        kernel.Ioctl(fd, GpioUapi.GetChipInfoIoctl, info);
        return GpioEncoding.DecodeChipInfo(info);
    }
}
