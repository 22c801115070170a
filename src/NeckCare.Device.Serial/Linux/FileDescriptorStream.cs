using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace NeckCare.Device.Serial.Linux;

/// <summary>
/// A Stream over a non-blocking file descriptor (a tty or a pty master). Reads block in poll() with a
/// timeout rather than spinning, so an idle port costs no CPU; a hang-up or I/O error (an adapter
/// unplugged, the other end of a pty closed) ends the stream with an IOException. Writes never block
/// for more than 5 ms: if the driver's buffer stays full (nobody is reading), bytes are dropped, as on
/// a real UART with nothing attached, and the caller (often holding a lock) carries on.
/// </summary>
public class FileDescriptorStream : Stream
{
    private const int PollSliceMs = 200;
    private readonly string _name;
    private int _fd;
    private ChunkReader? _reader;

    internal FileDescriptorStream(int fd, string name)
    {
        _fd = fd;
        _name = name;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Bytes dropped because the driver's output buffer stayed full.</summary>
    public long DroppedOnWrite { get; private set; }

    protected int Fd => _fd;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), CancellationToken.None);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Asynchronous reads are served by one dedicated reader thread per stream, started on first use,
    /// which blocks in poll() and hands chunks over through a channel. Blocking pool threads instead
    /// starves a small machine's thread pool (two ports on two cores is enough to stall every
    /// continuation for half a second).
    /// </summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        return await EnsureReader().ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private ChunkReader EnsureReader()
    {
        if (_reader is { } ready)
        {
            return ready;
        }

        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = new ChunkReader(channel.Reader);
        if (Interlocked.CompareExchange(ref _reader, reader, null) is { } other)
        {
            return other;
        }

        var thread = new Thread(() => ReaderLoop(channel.Writer)) { IsBackground = true, Name = "serial reader " + _name };
        thread.Start();
        return reader;
    }

    private void ReaderLoop(ChannelWriter<byte[]> writer)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var n = Read(buffer, CancellationToken.None);
                if (n == 0)
                {
                    writer.TryComplete();
                    return;
                }

                writer.TryWrite(buffer.AsSpan(0, n).ToArray());
            }
        }
        catch (ObjectDisposedException)
        {
            writer.TryComplete();
        }
        catch (IOException ex)
        {
            writer.TryComplete(ex);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        var fd = Live();
        fixed (byte* start = buffer)
        {
            var written = 0;
            var attempts = 0;
            while (written < buffer.Length)
            {
                var n = Libc.Write(fd, start + written, buffer.Length - written);
                if (n >= 0)
                {
                    written += (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (errno == Libc.EAGAIN && attempts++ < 1 && WaitFor(fd, Libc.POLLOUT, 5))
                {
                    continue;
                }

                if (errno == Libc.EAGAIN)
                {
                    DroppedOnWrite += buffer.Length - written;
                    return;
                }

                throw Error("write to", errno);
            }
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
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }

        base.Dispose(disposing);
    }

    /// <summary>Blocks in poll() until data, hang-up, cancellation or disposal.</summary>
    private unsafe int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fd = Live();
            var pfd = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            var ready = Libc.Poll(&pfd, 1, PollSliceMs);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                throw Error("poll", errno);
            }

            if (ready == 0)
            {
                continue;
            }

            ObjectDisposedException.ThrowIf((pfd.Revents & Libc.POLLNVAL) != 0, this);

            fixed (byte* start = buffer)
            {
                var n = Libc.Read(fd, start, buffer.Length);
                if (n > 0)
                {
                    return (int)n;
                }

                if (n == 0)
                {
                    return 0; // end of file: the other side is gone
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno is Libc.EAGAIN or Libc.EINTR)
                {
                    if ((pfd.Revents & (Libc.POLLHUP | Libc.POLLERR)) != 0)
                    {
                        throw new IOException($"{_name}: hung up (device unplugged or other end closed).");
                    }

                    continue;
                }

                throw Error("read from", errno);
            }
        }
    }

    private static unsafe bool WaitFor(int fd, short events, int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = fd, Events = events };
        return Libc.Poll(&pfd, 1, timeoutMs) > 0 && (pfd.Revents & events) != 0;
    }

    private int Live()
    {
        var fd = Volatile.Read(ref _fd);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        return fd;
    }

    private IOException Error(string what, int errno) =>
        new($"{_name}: {what} failed: {Libc.Describe(errno)} (errno {errno}){(errno == Libc.EIO ? "; the device was unplugged or the other end closed" : "")}.");
}
