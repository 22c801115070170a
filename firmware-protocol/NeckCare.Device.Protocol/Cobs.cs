namespace NeckCare.Device.Protocol;

/// <summary>
/// Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so 0x00 can mark frame ends. A
/// receiver that sees garbage simply waits for the next 0x00 and starts again: resynchronisation costs
/// at most one frame, and the overhead is one byte per 254.
/// </summary>
public static class Cobs
{
    /// <summary>Largest encoded size of <paramref name="length"/> input bytes (without the delimiter).</summary>
    public static int MaxEncodedLength(int length) => length + (length / 254) + 1;

    /// <returns>Bytes written to <paramref name="output"/>.</returns>
    public static int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var codeAt = 0;
        var write = 1;
        byte code = 1;
        foreach (var b in input)
        {
            if (b == 0)
            {
                output[codeAt] = code;
                codeAt = write++;
                code = 1;
                continue;
            }

            output[write++] = b;
            if (++code == 0xFF)
            {
                output[codeAt] = code;
                codeAt = write++;
                code = 1;
            }
        }

        output[codeAt] = code;
        return write;
    }

    /// <returns>Bytes written, or -1 when the input is not valid COBS.</returns>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var read = 0;
        var write = 0;
        while (read < input.Length)
        {
            var code = input[read++];
            if (code == 0 || read + code - 1 > input.Length)
            {
                return -1;
            }

            for (var i = 1; i < code; i++)
            {
                var b = input[read++];
                if (b == 0 || write >= output.Length)
                {
                    return -1;
                }

                output[write++] = b;
            }

            if (code < 0xFF && read < input.Length)
            {
                if (write >= output.Length)
                {
                    return -1;
                }

                output[write++] = 0;
            }
        }

        return write;
    }
}
