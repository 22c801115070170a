using System.Threading.Channels;
using NeckCare.Device.Serial;

namespace NeckCare.Device.Simulator.Links;

/// <summary>
/// Two connected in-memory streams: what one writes the other reads, like the two ends of a serial
/// cable. Closing one end makes the other read end-of-stream and fail on write, as an unplugged cable.
/// </summary>
public static class InMemoryLink
{
    public static (Stream HostEnd, Stream DeviceEnd) CreatePair()
    {
        var toDevice = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var toHost = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var host = new End(toHost.Reader, toDevice.Writer);
        var device = new End(toDevice.Reader, toHost.Writer);
        host.Peer = device;
        device.Peer = host;
        return (host, device);
    }

    private sealed class End(ChannelReader<byte[]> incoming, ChannelWriter<byte[]> outgoing) : Stream
    {
        private readonly ChunkReader _reader = new(incoming);
        private volatile bool _closed;

        public End? Peer { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _closed ? ValueTask.FromResult(0) : _reader.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_closed || !outgoing.TryWrite(buffer.ToArray()))
            {
                throw new IOException("The link is closed.");
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                outgoing.TryComplete();
                Peer?.OnPeerClosed();
            }

            base.Dispose(disposing);
        }

        private void OnPeerClosed() => outgoing.TryComplete();
    }
}
