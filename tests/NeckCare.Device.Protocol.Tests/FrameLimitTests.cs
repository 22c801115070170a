using NeckCare.Device.Protocol;

namespace NeckCare.Device.Protocol.Tests;

/// <summary>PROTOCOL.md section 2: a frame is at most 64 bytes, 65 once COBS-encoded; a 66th byte without a delimiter is too long.</summary>
public class FrameLimitTests
{
    [Fact]
    public void Sixty_five_encoded_bytes_are_read_as_a_frame_and_sixty_six_are_too_long()
    {
        var decoder = new FrameDecoder();
        var longest = Enumerable.Repeat((byte)0x41, 65).Append((byte)0).ToArray();
        var tooLong = Enumerable.Repeat((byte)0x41, 66).Append((byte)0).ToArray();

        decoder.Feed(longest);
        Assert.Equal(0, decoder.Stats.TooLong); // read whole (and then judged: here, bad COBS or CRC)

        decoder.Feed(tooLong);
        Assert.Equal(1, decoder.Stats.TooLong);
    }

    [Fact]
    public void The_largest_frame_a_sender_can_make_fits_the_receivers_limit()
    {
        var wire = new byte[ProtocolInfo.MaxEncodedLength + 1];
        var identify = new Identify(1, 1, 0, 5, 1, 1, 450, 1000, 500, "emu-1.0");

        var n = FrameEncoder.EncodeForWire(7, identify, wire);
        var frames = new FrameDecoder().Feed(wire.AsSpan(0, n));

        Assert.Equal(identify, Assert.Single(frames).Message);
    }
}
