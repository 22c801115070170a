using System.Buffers.Binary;
using System.Text;

namespace NeckCare.Device.Gpio.Linux;

/// <summary>
/// Turns requests into the exact bytes of the uAPI structs and back. The Pi is little-endian on both
/// of its architectures, and so is every byte written here.
/// </summary>
public static class GpioEncoding
{
    /// <summary>
    /// gpio_v2_line_request for <paramref name="lines"/>: the first line's flags are the default, every
    /// other set of flags, the outputs' initial values and each debounce period become attributes with
    /// a mask of the lines they apply to (indices into the request, not offsets).
    /// </summary>
    public static void EncodeRequest(Span<byte> request, IReadOnlyList<LineSettings> lines, string consumer, uint eventBufferSize = 0)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(consumer);
        if (request.Length < GpioUapi.LineRequestSize)
        {
            throw new ArgumentException($"A line request is {GpioUapi.LineRequestSize} bytes.", nameof(request));
        }

        if (lines.Count is 0 or > GpioUapi.LinesMax)
        {
            throw new ArgumentOutOfRangeException(nameof(lines), $"A request holds 1 to {GpioUapi.LinesMax} lines.");
        }

        request[..GpioUapi.LineRequestSize].Clear();
        for (var i = 0; i < lines.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(request[(GpioUapi.RequestOffsets + (4 * i))..], lines[i].Offset);
        }

        var name = Encoding.ASCII.GetBytes(consumer);
        name.AsSpan(0, Math.Min(name.Length, GpioUapi.MaxNameSize - 1)).CopyTo(request[GpioUapi.RequestConsumer..]);
        EncodeConfig(request.Slice(GpioUapi.RequestConfig, GpioUapi.LineConfigSize), lines);
        BinaryPrimitives.WriteUInt32LittleEndian(request[GpioUapi.RequestNumLines..], (uint)lines.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(request[GpioUapi.RequestEventBufferSize..], eventBufferSize);
    }

    /// <summary>gpio_v2_line_config for the lines of a request (also what SET_CONFIG takes).</summary>
    public static void EncodeConfig(Span<byte> config, IReadOnlyList<LineSettings> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        config[..GpioUapi.LineConfigSize].Clear();
        var defaults = lines[0].Flags;
        BinaryPrimitives.WriteUInt64LittleEndian(config[GpioUapi.ConfigFlags..], (ulong)defaults);
        var attributes = new List<(uint Id, ulong Value, ulong Mask)>();
        foreach (var flags in lines.Select(l => l.Flags).Distinct().Where(f => f != defaults))
        {
            attributes.Add((GpioUapi.AttrIdFlags, (ulong)flags, MaskOf(lines, l => l.Flags == flags)));
        }

        var outputs = MaskOf(lines, l => l.IsOutput);
        if (outputs != 0)
        {
            attributes.Add((GpioUapi.AttrIdOutputValues, MaskOf(lines, l => l.IsOutput && l.Initial), outputs));
        }

        foreach (var debounce in lines.Select(l => l.Debounce).Where(d => d > TimeSpan.Zero).Distinct())
        {
            attributes.Add((GpioUapi.AttrIdDebounce, (ulong)(debounce.Ticks / 10), MaskOf(lines, l => l.Debounce == debounce)));
        }

        if (attributes.Count > GpioUapi.NumAttrsMax)
        {
            throw new ArgumentException($"These lines need {attributes.Count} attributes; the kernel takes {GpioUapi.NumAttrsMax}.", nameof(lines));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(config[GpioUapi.ConfigNumAttrs..], (uint)attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            var at = config[(GpioUapi.ConfigAttrs + (i * GpioUapi.ConfigAttributeSize))..];
            BinaryPrimitives.WriteUInt32LittleEndian(at[GpioUapi.AttributeId..], attributes[i].Id);
            BinaryPrimitives.WriteUInt64LittleEndian(at[GpioUapi.AttributeValue..], attributes[i].Value);
            BinaryPrimitives.WriteUInt64LittleEndian(at[GpioUapi.AttributeMask..], attributes[i].Mask);
        }
    }

    /// <summary>gpio_v2_line_values: <paramref name="bits"/> for the lines in <paramref name="mask"/> (request indices).</summary>
    public static void EncodeValues(Span<byte> values, ulong bits, ulong mask)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(values[GpioUapi.ValuesBits..], bits & mask);
        BinaryPrimitives.WriteUInt64LittleEndian(values[GpioUapi.ValuesMask..], mask);
    }

    public static ulong DecodeValueBits(ReadOnlySpan<byte> values) => BinaryPrimitives.ReadUInt64LittleEndian(values[GpioUapi.ValuesBits..]);

    public static int DecodeRequestFd(ReadOnlySpan<byte> request) => BinaryPrimitives.ReadInt32LittleEndian(request[GpioUapi.RequestFd..]);

    public static GpioEdgeEvent DecodeEvent(ReadOnlySpan<byte> e) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(e[GpioUapi.EventTimestampNs..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[GpioUapi.EventId..]) == GpioUapi.EventRisingEdge,
        BinaryPrimitives.ReadUInt32LittleEndian(e[GpioUapi.EventOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[GpioUapi.EventSeqno..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[GpioUapi.EventLineSeqno..]));

    /// <summary>The label of a gpiochip_info (e.g. "pinctrl-rp1") and its number of lines.</summary>
    public static (string Name, string Label, uint Lines) DecodeChipInfo(ReadOnlySpan<byte> info) => (
        CString(info.Slice(GpioUapi.ChipInfoName, GpioUapi.MaxNameSize)),
        CString(info.Slice(GpioUapi.ChipInfoLabel, GpioUapi.MaxNameSize)),
        BinaryPrimitives.ReadUInt32LittleEndian(info[GpioUapi.ChipInfoLines..]));

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static ulong MaskOf(IReadOnlyList<LineSettings> lines, Func<LineSettings, bool> which)
    {
        ulong mask = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (which(lines[i]))
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }
}
