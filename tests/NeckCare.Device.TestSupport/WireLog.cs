using NeckCare.Device.Protocol;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// Decodes what the host put on the wire, from outside the host: the test's own record of every
/// SetOutputs sent, so "the device acted on nothing the host did not send" needs no hook in the product.
/// </summary>
public sealed class WireLog
{
    private readonly FrameDecoder _decoder = new();
    private readonly Lock _gate = new();

    public HashSet<SetOutputs> SentOutputs { get; } = [];

    public List<(byte Seq, Message Message)> Frames { get; } = [];

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _decoder.Feed(bytes, f =>
            {
                Frames.Add((f.Seq, f.Message));
                if (f.Message is SetOutputs o)
                {
                    SentOutputs.Add(o);
                }
            });
        }
    }

    public int Count<T>() where T : Message
    {
        lock (_gate)
        {
            return Frames.Count(f => f.Message is T);
        }
    }
}

/// <summary>
/// A stream that hands a copy of every write to a <see cref="WireLog"/> (if given) and counts the bytes
/// written. The count is taken before the bytes go out, so no reader can have acted on a byte the count
/// does not include yet: that is what lets a harness compare "written" with "read" without a race.
/// </summary>
public sealed class TappedStream(Stream inner, WireLog? log, Action<int>? written = null) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        written?.Invoke(buffer.Length);
        inner.Write(buffer);
        log?.Feed(buffer);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
