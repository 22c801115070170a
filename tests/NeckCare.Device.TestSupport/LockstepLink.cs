using System.Threading.Tasks.Sources;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// Two connected in-memory streams that move bytes only when told: a write queues its bytes, and
/// <see cref="Pump"/> hands them to the other end's pending read, whose continuation runs right there
/// on the caller's thread. The host's and the device's real read loops therefore run in lock-step with
/// the test, deterministically, with no thread pool and no wall clock. Closing one end makes the
/// other read end-of-stream and fail on write, as a pulled cable.
/// </summary>
public sealed class LockstepLink
{
    private readonly End _host;
    private readonly End _device;

    public LockstepLink()
    {
        _host = new End(this);
        _device = new End(this);
        _host.Peer = _device;
        _device.Peer = _host;
    }

    public Stream HostEnd => _host;

    public Stream DeviceEnd => _device;

    /// <summary>Everything the host wrote, in order (for checking what went on the wire).</summary>
    public event Action<byte[]>? HostWrote;

    /// <summary>Delivers queued bytes both ways until neither end has anything left to read.</summary>
    public void Pump()
    {
        for (var rounds = 0; rounds < 10_000; rounds++)
        {
            if (!_device.Deliver() & !_host.Deliver())
            {
                return;
            }
        }

        throw new InvalidOperationException("the link never went quiet (a read loop that answers itself?)");
    }

    private sealed class End(LockstepLink owner) : Stream, IValueTaskSource<int>
    {
        private readonly Lock _gate = new();
        private readonly Queue<byte[]> _incoming = new();
        private ManualResetValueTaskSourceCore<int> _read; // RunContinuationsAsynchronously stays false: lock-step
        private Memory<byte> _readBuffer;
        private bool _readPending;
        private bool _closed;
        private bool _peerClosed;
        private CancellationTokenRegistration _cancel;

        public End? Peer { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("lock-step ends are read asynchronously");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return ValueTask.FromResult(0);
                }

                if (_incoming.Count > 0)
                {
                    return ValueTask.FromResult(CopyOut(buffer));
                }

                if (_peerClosed)
                {
                    return ValueTask.FromResult(0);
                }

                cancellationToken.ThrowIfCancellationRequested();
                _read.Reset();
                _readBuffer = buffer;
                _readPending = true;
                _cancel = cancellationToken.Register(() => Complete(0, new OperationCanceledException(cancellationToken)));
                return new ValueTask<int>(this, _read.Version);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var bytes = buffer.ToArray();
            lock (_gate)
            {
                if (_closed || _peerClosed)
                {
                    throw new IOException("The link is closed.");
                }
            }

            if (ReferenceEquals(this, owner._host))
            {
                owner.HostWrote?.Invoke(bytes);
            }

            Peer!.Enqueue(bytes);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        /// <summary>Completes a pending read with queued bytes (or end-of-stream); true if it did.</summary>
        public bool Deliver()
        {
            int n;
            lock (_gate)
            {
                if (!_readPending || (_incoming.Count == 0 && !_peerClosed && !_closed))
                {
                    return false;
                }

                n = _incoming.Count > 0 && !_closed ? CopyOut(_readBuffer) : 0;
            }

            Complete(n, null);
            return true;
        }

        public int GetResult(short token) => _read.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _read.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _read.OnCompleted(continuation, state, token, flags);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                lock (_gate)
                {
                    _closed = true;
                }

                Peer?.OnPeerClosed();
                Complete(0, null); // a read pending on this end ends: its owner closed it
            }

            base.Dispose(disposing);
        }

        private void Enqueue(byte[] bytes)
        {
            lock (_gate)
            {
                if (!_closed)
                {
                    _incoming.Enqueue(bytes);
                }
            }
        }

        private void OnPeerClosed()
        {
            lock (_gate)
            {
                _peerClosed = true;
            }
        }

        /// <summary>Runs the reader's continuation on this thread, outside every lock.</summary>
        private void Complete(int n, Exception? error)
        {
            lock (_gate)
            {
                if (!_readPending)
                {
                    return;
                }

                _readPending = false;
                _readBuffer = default;
            }

            _cancel.Dispose();
            if (error is null)
            {
                _read.SetResult(n);
            }
            else
            {
                _read.SetException(error);
            }
        }

        private int CopyOut(Memory<byte> buffer)
        {
            var written = 0;
            while (_incoming.Count > 0 && written < buffer.Length)
            {
                var chunk = _incoming.Peek();
                var n = Math.Min(chunk.Length, buffer.Length - written);
                chunk.AsSpan(0, n).CopyTo(buffer.Span[written..]);
                written += n;
                if (n == chunk.Length)
                {
                    _incoming.Dequeue();
                }
                else
                {
                    _incoming.Dequeue();
                    var rest = chunk[n..];
                    var remaining = new Queue<byte[]>();
                    remaining.Enqueue(rest);
                    while (_incoming.Count > 0)
                    {
                        remaining.Enqueue(_incoming.Dequeue());
                    }

                    while (remaining.Count > 0)
                    {
                        _incoming.Enqueue(remaining.Dequeue());
                    }
                }
            }

            return written;
        }
    }
}
