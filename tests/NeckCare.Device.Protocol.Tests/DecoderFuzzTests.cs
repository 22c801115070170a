using NeckCare.Device.Protocol;

namespace NeckCare.Device.Protocol.Tests;

/// <summary>Random and mutated byte streams: the decoder never throws and never yields a frame that was not sent intact.</summary>
public class DecoderFuzzTests
{
    private static readonly Message[] Samples =
    [
        new SetOutputs(600, 0, 350), new SetOutputs(0, 1, 0), new Telemetry(123456, 4100, 42, 600, 480, 350, 0, 0),
        new Ack(3, AckResult.Ok), new Hello(1, 0, 1000, 450, 500), new StopAll(), new Ping(),
        new DeviceEventMessage(EventKind.ButtonStop, 16),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_in_random_chunks_never_throw_and_any_frame_has_a_matching_crc(int seed)
    {
        var random = new Random(seed);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        for (var i = 0; i < noise.Length; i += random.Next(1, 40))
        {
            noise[i] = 0; // plenty of delimiters so the decoder works at every stage
        }

        var decoder = new FrameDecoder();
        var frames = new List<Frame>();
        for (var at = 0; at < noise.Length;)
        {
            var n = Math.Min(random.Next(1, 300), noise.Length - at);
            decoder.Feed(noise.AsSpan(at, n), frames.Add);
            at += n;
        }

        foreach (var f in frames)
        {
            // A frame is only yielded if its exact encoding (with a freshly computed CRC) was in the input.
            Assert.True(Contains(noise, FrameEncoder.Encode(f.Seq, f.Message)), $"decoded {MessageText.Format(f)} not present intact");
        }

        Assert.Equal(noise.Length, decoder.Stats.Bytes);
        Assert.True(decoder.Stats.Dropped > 1000);
    }

    [Theory]
    [InlineData(0.01, 11)]
    [InlineData(0.05, 12)]
    public void A_stream_with_corrupted_bytes_yields_only_frames_that_were_sent_in_their_order(double rate, int seed)
    {
        var random = new Random(seed);
        var sent = Enumerable.Range(0, 5000).Select(i => new Frame((byte)i, Samples[i % Samples.Length])).ToList();
        var wire = sent.SelectMany(f => FrameEncoder.Encode(f.Seq, f.Message)).ToArray();
        var corrupted = 0;
        for (var i = 0; i < wire.Length; i++)
        {
            if (random.NextDouble() < rate)
            {
                wire[i] ^= (byte)random.Next(1, 256);
                corrupted++;
            }
        }

        var received = new FrameDecoder().Feed(wire);

        Assert.True(corrupted > 0);
        Assert.True(received.Count < sent.Count);
        Assert.True(received.Count > sent.Count / 2, $"only {received.Count} survived");
        var next = 0;
        foreach (var frame in received)
        {
            // Each received frame must be one that was sent, later than the previous one.
            while (next < sent.Count && sent[next] != frame)
            {
                next++;
            }

            Assert.True(next < sent.Count, $"received a frame that was never sent: {MessageText.Format(frame)}");
            next++;
        }
    }

    [Fact]
    public void Cobs_round_trips_every_length_and_byte_pattern_up_to_a_frame()
    {
        var random = new Random(5);
        var output = new byte[Cobs.MaxEncodedLength(600)];
        var back = new byte[600];
        for (var length = 0; length <= 600; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);
            for (var i = 0; i < length; i += random.Next(1, 10))
            {
                input[i] = 0;
            }

            var n = Cobs.Encode(input, output);
            Assert.DoesNotContain((byte)0, output[..n]);
            var m = Cobs.Decode(output.AsSpan(0, n), back);
            Assert.Equal(input, back[..m]);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
