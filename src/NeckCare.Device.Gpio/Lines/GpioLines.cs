using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Lines;

/// <summary>
/// Lines held through one request. While held they keep the values set here; disposing closes the
/// request and the kernel takes the lines back (so an output with a pull-down falls to off, which is
/// also what happens when the process dies).
/// </summary>
public sealed class GpioLines : IDisposable
{
    private readonly IGpioKernel _kernel;
    private readonly GpioFd _fd;
    private readonly LineSettings[] _lines;
    private readonly byte[] _events = new byte[GpioUapi.LineEventSize * 16];

    internal GpioLines(IGpioKernel kernel, GpioFd fd, IReadOnlyList<LineSettings> lines)
    {
        _kernel = kernel;
        _fd = fd;
        _lines = [.. lines];
    }

    public IReadOnlyList<LineSettings> Settings => _lines;

    /// <summary>Sets the line at chip offset <paramref name="offset"/> (true = active).</summary>
    public void Set(uint offset, bool active)
    {
        var bit = 1UL << IndexOf(offset);
        Span<byte> values = stackalloc byte[GpioUapi.LineValuesSize];
        GpioEncoding.EncodeValues(values, active ? bit : 0, bit);
        _kernel.Ioctl(_fd, GpioUapi.LineSetValuesIoctl, values);
    }

    /// <summary>Sets several lines in one call (so a pair never passes through a half-set state).</summary>
    public void Set(IEnumerable<(uint Offset, bool Active)> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ulong bits = 0, mask = 0;
        foreach (var (offset, active) in changes)
        {
            var bit = 1UL << IndexOf(offset);
            mask |= bit;
            bits |= active ? bit : 0;
        }

        Span<byte> values = stackalloc byte[GpioUapi.LineValuesSize];
        GpioEncoding.EncodeValues(values, bits, mask);
        _kernel.Ioctl(_fd, GpioUapi.LineSetValuesIoctl, values);
    }

    public bool Get(uint offset)
    {
        var bit = 1UL << IndexOf(offset);
        Span<byte> values = stackalloc byte[GpioUapi.LineValuesSize];
        GpioEncoding.EncodeValues(values, 0, bit);
        _kernel.Ioctl(_fd, GpioUapi.LineGetValuesIoctl, values);
        return (GpioEncoding.DecodeValueBits(values) & bit) != 0;
    }

    /// <summary>Drains the edge events the kernel queued for these lines, oldest first, without waiting.</summary>
    public int ReadEdges(List<GpioEdgeEvent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var count = 0;
        while (true)
        {
            var n = _kernel.ReadAvailable(_fd, _events);
            for (var at = 0; at + GpioUapi.LineEventSize <= n; at += GpioUapi.LineEventSize)
            {
                into.Add(GpioEncoding.DecodeEvent(_events.AsSpan(at, GpioUapi.LineEventSize)));
                count++;
            }

            if (n < _events.Length)
            {
                return count;
            }
        }
    }

    public void Dispose() => _fd.Dispose();

    private int IndexOf(uint offset)
    {
        for (var i = 0; i < _lines.Length; i++)
        {
            if (_lines[i].Offset == offset)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(offset), $"Line {offset} is not part of this request.");
    }
}
