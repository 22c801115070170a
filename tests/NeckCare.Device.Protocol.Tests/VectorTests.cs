using NeckCare.Device.Protocol;

namespace NeckCare.Device.Protocol.Tests;

/// <summary>The vectors in firmware-protocol/vectors/frames.txt, which a firmware implementation can reuse.</summary>
public class VectorTests
{
    public static TheoryData<string, string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string, string>();
        var path = Path.Combine(RepoRoot.Path, "firmware-protocol", "vectors", "frames.txt");
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var parts = line.Split(';').Select(p => p.Trim()).ToArray();
            data.Add(parts[0], parts[1], parts[2], parts[3]);
        }

        return data;
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_vector_decodes_as_written_and_valid_frames_encode_back_to_the_same_bytes(string kind, string name, string hex, string expected)
    {
        var bytes = Bytes(hex);
        var decoder = new FrameDecoder();

        var frames = decoder.Feed(bytes);

        switch (kind)
        {
            case "valid":
                var frame = Assert.Single(frames);
                Assert.Equal(expected, MessageText.Format(frame));
                Assert.Equal(bytes, FrameEncoder.Encode(frame.Seq, frame.Message));
                break;
            case "drop":
                Assert.Empty(frames);
                var reason = expected["reason=".Length..];
                var counted = typeof(DecoderStats).GetProperty(reason)!.GetValue(decoder.Stats);
                Assert.Equal(1L, counted);
                Assert.Equal(1L, decoder.Stats.Dropped);
                break;
            case "stream":
                Assert.Equal(expected.Split('|').Select(s => s.Trim()), frames.Select(MessageText.Format));
                break;
            default:
                Assert.Fail($"unknown vector kind '{kind}' in {name}");
                break;
        }
    }

    [Fact]
    public void The_crc_is_CRC16_IBM_3740_with_check_value_29B1()
    {
        Assert.Equal(0x29B1, Crc16.Compute("123456789"u8));
    }

    [Fact]
    public void Frames_fed_one_byte_at_a_time_decode_the_same_as_all_at_once()
    {
        var stream = Vectors().Where(v => (string)v[0] != "drop").SelectMany(v => Bytes((string)v[2])).ToArray();
        var whole = new FrameDecoder().Feed(stream).Select(MessageText.Format).ToList();
        var decoder = new FrameDecoder();
        var piecewise = new List<string>();

        foreach (var b in stream)
        {
            decoder.Feed([b], f => piecewise.Add(MessageText.Format(f)));
        }

        Assert.Equal(whole, piecewise);
        Assert.NotEmpty(whole);
    }
}
