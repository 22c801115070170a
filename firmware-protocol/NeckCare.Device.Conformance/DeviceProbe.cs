using System.Collections.Concurrent;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Conformance;

/// <summary>
/// The host's end of the link, as bare as a firmware author's test bench: it sends frames exactly as
/// asked (any seq, any type, even wrong ones) and hands over every frame the device sends. Time goes
/// through a TimeProvider, so its own tests drive it on a manual clock.
/// </summary>
public sealed class DeviceProbe : IAsyncDisposable
{
    private readonly Stream _link;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Frame> _inbox = new();
    private readonly ConcurrentQueue<byte> _seqs = new();
    private readonly ConcurrentQueue<DeviceEventMessage> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly byte[] _tx = new byte[ProtocolInfo.MaxEncodedLength + 1];
    private long _bytesSent;
    private long _bytesReceived;
    private int _waiting;
    private int _disposed;

    public DeviceProbe(Stream link, TimeProvider time)
    {
        _link = link;
        _time = time;
        _reader = Task.Run(ReadLoopAsync);
    }

    public DecoderStats Received { get; } = new();

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>True while the probe waits for a frame or for time to pass, with nothing unread.</summary>
    public bool Idle => Volatile.Read(ref _waiting) > 0 && _inbox.IsEmpty;

    /// <summary>The latest telemetry seen by <see cref="NextAsync"/> (it reads past telemetry while looking for other frames).</summary>
    public Telemetry? LastTelemetry { get; private set; }

    public TimeProvider Time => _time;

    /// <summary>The sequence number of every frame the device sent, in order of arrival.</summary>
    public IReadOnlyList<byte> SequenceNumbersSeen => [.. _seqs];

    /// <summary>Every event the device sent, in order, whether or not a wait was looking for it.</summary>
    public IReadOnlyList<DeviceEventMessage> EventsSeen => [.. _events];

    /// <summary>Writes bytes as they are: frames no encoder would make, noise.</summary>
    public void SendRaw(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _link.Write(bytes);
        _link.Flush();
        Interlocked.Add(ref _bytesSent, bytes.Length);
    }

    /// <summary>Writes several frames in one go, as a host with commands queued does.</summary>
    public void SendTogether(params (byte Seq, Message Message)[] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var all = new List<byte>();
        foreach (var (seq, message) in frames)
        {
            var n = FrameEncoder.EncodeForWire(seq, message, _tx);
            all.AddRange(_tx.AsSpan(0, n));
        }

        SendRaw([.. all]);
    }

    public void Send(byte seq, Message message)
    {
        SendRaw(_tx[..FrameEncoder.EncodeForWire(seq, message, _tx)]);
    }

    /// <summary>Drops everything received so far (telemetry included), keeping the latest telemetry.</summary>
    public void Forget()
    {
        while (_inbox.TryDequeue(out var f))
        {
            Note(f);
        }
    }

    /// <returns>The first frame whose message matches, or null when <paramref name="within"/> passes first.</returns>
    public async Task<Message?> NextAsync(Func<Message, bool> match, TimeSpan within)
    {
        var start = _time.GetTimestamp();
        while (true)
        {
            while (_inbox.TryDequeue(out var f))
            {
                Note(f);
                if (match(f.Message))
                {
                    return f.Message;
                }
            }

            var left = within - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            Interlocked.Increment(ref _waiting);
            try
            {
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var arrived = _arrived.WaitAsync(cancel.Token);
                var timeout = Task.Delay(left, _time, cancel.Token);
                await Task.WhenAny(arrived, timeout).ConfigureAwait(false);
                await cancel.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    public Task<Message?> NextAsync<T>(Func<T, bool> match, TimeSpan within)
        where T : Message => NextAsync(m => m is T t && match(t), within);

    /// <summary>Lets <paramref name="span"/> pass, reading what arrives, sending a Ping every <paramref name="pingEvery"/> if given.</summary>
    public async Task PassAsync(TimeSpan span, Func<byte>? nextSeq = null, TimeSpan? pingEvery = null)
    {
        var start = _time.GetTimestamp();
        var lastPing = start;
        while (_time.GetElapsedTime(start) < span)
        {
            if (nextSeq is not null && pingEvery is { } every && _time.GetElapsedTime(lastPing) >= every)
            {
                lastPing = _time.GetTimestamp();
                Send(nextSeq(), new Ping());
            }

            var step = pingEvery is { } p ? TimeSpan.FromTicks(Math.Min(p.Ticks, (span - _time.GetElapsedTime(start)).Ticks)) : span - _time.GetElapsedTime(start);
            _ = await NextAsync(_ => false, step).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the link is gone
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private void Note(Frame f)
    {
        if (f.Message is Telemetry t)
        {
            LastTelemetry = t;
        }
    }

    private async Task ReadLoopAsync()
    {
        var decoder = new FrameDecoder();
        var buffer = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _link.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (n == 0)
            {
                return;
            }

            Interlocked.Add(ref _bytesReceived, n);
            decoder.Feed(buffer.AsSpan(0, n), f =>
            {
                _seqs.Enqueue(f.Seq);
                if (f.Message is DeviceEventMessage e)
                {
                    _events.Enqueue(e);
                }

                _inbox.Enqueue(f);
                _arrived.Release();
            });
            Received.Frames = decoder.Stats.Frames;
        }
    }
}
