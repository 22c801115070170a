using System.Buffers.Binary;

namespace NeckCare.Device.Protocol;

/// <summary>
/// Incremental decoder: feed it bytes in chunks of any size. It yields only frames whose COBS, length,
/// CRC and payload are all valid; everything else is counted and dropped, and it resynchronises at the
/// next 0x00. It never throws on input and never acts on a frame it could not verify.
/// </summary>
public sealed class FrameDecoder
{
    private readonly byte[] _buffer = new byte[ProtocolInfo.MaxEncodedLength - 1]; // 64 bytes COBS-encoded are at most 65; the 66th is the delimiter
    private readonly byte[] _decoded = new byte[ProtocolInfo.MaxFrameLength];
    private int _length;
    private bool _overflow;

    public DecoderStats Stats { get; } = new();

    /// <summary>Decodes what <paramref name="data"/> completes; frames are passed to <paramref name="onFrame"/> in order.</summary>
    public void Feed(ReadOnlySpan<byte> data, Action<Frame> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        Stats.Bytes += data.Length;
        foreach (var b in data)
        {
            if (b != 0)
            {
                if (_length < _buffer.Length)
                {
                    _buffer[_length++] = b;
                }
                else
                {
                    _overflow = true;
                }

                continue;
            }

            if (TryFrame(out var frame))
            {
                Stats.Frames++;
                onFrame(frame);
            }

            _length = 0;
            _overflow = false;
        }
    }

    /// <summary>Convenience for tests and tools: all frames in one buffer.</summary>
    public List<Frame> Feed(ReadOnlySpan<byte> data)
    {
        var frames = new List<Frame>();
        Feed(data, frames.Add);
        return frames;
    }

    private bool TryFrame(out Frame frame)
    {
        frame = default;
        if (_length == 0)
        {
            return false; // back-to-back delimiters: allowed, used to flush a line after noise
        }

        if (_overflow)
        {
            Stats.TooLong++;
            return false;
        }

        var n = Cobs.Decode(_buffer.AsSpan(0, _length), _decoded);
        if (n < 0)
        {
            Stats.BadCobs++;
            return false;
        }

        if (n < 4)
        {
            Stats.TooShort++;
            return false;
        }

        var body = _decoded.AsSpan(0, n - 2);
        if (BinaryPrimitives.ReadUInt16LittleEndian(_decoded.AsSpan(n - 2)) != Crc16.Compute(body))
        {
            Stats.BadCrc++;
            return false;
        }

        var message = MessageCodec.ReadPayload((MessageType)body[1], body[2..]);
        if (message is null)
        {
            Stats.BadPayload++;
            return false;
        }

        frame = new Frame(body[0], message);
        return true;
    }
}

/// <summary>What the decoder saw; every dropped frame is counted under its reason.</summary>
public sealed class DecoderStats
{
    public long Bytes { get; set; }
    public long Frames { get; set; }
    public long BadCrc { get; set; }
    public long BadCobs { get; set; }
    public long TooShort { get; set; }
    public long TooLong { get; set; }
    public long BadPayload { get; set; }

    public long Dropped => BadCrc + BadCobs + TooShort + TooLong + BadPayload;
}
