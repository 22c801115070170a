using System.Buffers.Binary;

namespace NeckCare.Device.Protocol;

/// <summary>Frame = COBS(seq | type | payload | CRC-16 little-endian over seq..payload) followed by 0x00.</summary>
public static class FrameEncoder
{
    /// <summary>
    /// Writes one frame for the wire with a delimiter before and after it. The leading 0x00 cuts off any
    /// noise on the line so it cannot merge with this frame; receivers skip the empty frame it makes.
    /// </summary>
    /// <returns>Bytes written (at most <see cref="ProtocolInfo.MaxEncodedLength"/> + 1).</returns>
    public static int EncodeForWire(byte seq, Message message, Span<byte> output)
    {
        output[0] = 0;
        return 1 + Encode(seq, message, output[1..]);
    }

    /// <returns>Bytes written to <paramref name="output"/>, delimiter included.</returns>
    public static int Encode(byte seq, Message message, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        Span<byte> raw = stackalloc byte[ProtocolInfo.MaxFrameLength];
        raw[0] = seq;
        raw[1] = (byte)message.Type;
        var length = 2 + MessageCodec.WritePayload(message, raw[2..^2]);
        BinaryPrimitives.WriteUInt16LittleEndian(raw[length..], Crc16.Compute(raw[..length]));
        length += 2;
        var written = Cobs.Encode(raw[..length], output);
        output[written++] = 0;
        return written;
    }

    public static byte[] Encode(byte seq, Message message)
    {
        Span<byte> buffer = stackalloc byte[ProtocolInfo.MaxEncodedLength];
        return buffer[..Encode(seq, message, buffer)].ToArray();
    }
}
