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
    private readonly FdHandle _fd;
    private readonly FdHandle _wake;
    private ChunkReader? _reader;
    private Thread? _thread;
    private int _disposed;

    internal FileDescriptorStream(int fd, string name)
    {
        _fd = new FdHandle(fd);
        _name = name;
        // Disposing writes here to wake a reader out of poll at once, instead of closing its descriptor under it.
        var wake = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wake < 0)
        {
            _fd.Dispose();
            throw Error("eventfd", Marshal.GetLastPInvokeError());
        }

        _wake = new FdHandle(wake);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Completes when the descriptor is really closed (after Dispose, once no call holds it).</summary>
    public Task Closed => _fd.Released;

    /// <summary>True once Dispose has begun.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Bytes dropped because the driver's output buffer stayed full.</summary>
    public long DroppedOnWrite { get; private set; }

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

        // Synchronous continuations: whoever awaits the next chunk (the protocol's read loop) runs on this
        // reader thread as soon as bytes arrive, instead of waking a thread-pool worker for every frame.
        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
        var reader = new ChunkReader(channel.Reader);
        if (Interlocked.CompareExchange(ref _reader, reader, null) is { } other)
        {
            return other;
        }

        var thread = new Thread(() => ReaderLoop(channel.Writer)) { IsBackground = true, Name = "serial reader " + _name };
        _thread = thread;
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
        fixed (byte* start = buffer)
        {
            var length = buffer.Length;
            var address = (nint)start;
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _fd.Use(fd => WriteAll(fd, (byte*)address, length));
        }
    }

    private unsafe int WriteAll(int fd, byte* start, int length)
    {
        var written = 0;
        var attempts = 0;
        {
            while (written < length)
            {
                var n = Libc.Write(fd, start + written, length - written);
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
                    DroppedOnWrite += length - written;
                    return written;
                }

                throw Error("write to", errno);
            }
        }

        return written;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Wakes the reader through the eventfd, waits for it to leave (it holds the descriptor while it
    /// polls or reads), then lets the descriptor close. Nothing is closed under a running call.
    /// </summary>
    protected override unsafe void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                _wake.Use(wake =>
                {
                    ulong one = 1;
                    return Libc.Write(wake, (byte*)&one, sizeof(ulong));
                });
            }
            catch (ObjectDisposedException)
            {
                // Already gone: nothing to wake.
            }

            _fd.Dispose(); // closes now if no call holds it, else when the last one returns
            if (_thread is { } reader && reader != Thread.CurrentThread)
            {
                reader.Join(TimeSpan.FromSeconds(2));
            }

            _wake.Dispose();
        }

        base.Dispose(disposing);
    }

    private unsafe int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        fixed (byte* start = buffer)
        {
            var address = (nint)start;
            var length = buffer.Length;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                var n = _fd.Use(fd => _wake.Use(wake => PollAndRead(fd, wake, (byte*)address, length)));
                if (n >= 0)
                {
                    return n;
                }
            }
        }
    }

    /// <returns>Bytes read, 0 at end of file, −1 to poll again.</returns>
    private unsafe int PollAndRead(int fd, int wake, byte* start, int length)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = wake, Events = Libc.POLLIN };
        var ready = Libc.Poll(fds, 2, PollSliceMs);
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Libc.EINTR ? -1 : throw Error("poll", errno);
        }

        ObjectDisposedException.ThrowIf((fds[1].Revents & Libc.POLLIN) != 0 || (fds[0].Revents & Libc.POLLNVAL) != 0, this);
        if (ready == 0)
        {
            return -1;
        }

        var n = Libc.Read(fd, start, length);
        if (n > 0)
        {
            return (int)n;
        }

        if (n == 0)
        {
            return 0; // end of file: the other side is gone
        }

        var readErrno = Marshal.GetLastPInvokeError();
        if (readErrno is Libc.EAGAIN or Libc.EINTR)
        {
            return (fds[0].Revents & (Libc.POLLHUP | Libc.POLLERR)) != 0
                ? throw new IOException($"{_name}: hung up (device unplugged or other end closed).")
                : -1;
        }

        throw Error("read from", readErrno);
    }

    private static unsafe bool WaitFor(int fd, short events, int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = fd, Events = events };
        return Libc.Poll(&pfd, 1, timeoutMs) > 0 && (pfd.Revents & events) != 0;
    }

    private IOException Error(string what, int errno) =>
        new($"{_name}: {what} failed: {Libc.Describe(errno)} (errno {errno}){(errno == Libc.EIO ? "; the device was unplugged or the other end closed" : "")}.");
}
