using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>
/// The byte stream to the device: one reader feeding the frame decoder, and framed writes. It knows
/// nothing of what frames mean; the owner's lock is held around every call into it and every callback
/// out of it, so the protocol state it feeds is only ever touched by one thread at a time.
/// </summary>
internal sealed class SerialLink(Stream stream, Lock gate, LinkStatistics statistics, Action<Frame> onFrame, Action<string> onLost) : IDisposable
{
    private readonly FrameDecoder _decoder = new();
    private readonly byte[] _tx = new byte[ProtocolInfo.MaxEncodedLength + 1];
    private readonly CancellationTokenSource _stop = new();
    private bool _closed;

    public Task Reader { get; private set; } = Task.CompletedTask;

    public DecoderStats DecoderStats => _decoder.Stats;

    public void Start() => Reader = ReadLoopAsync(_stop.Token);

    /// <summary>Encodes and writes one frame; returns its bytes (for a retransmission). Call under the gate.</summary>
    public byte[] Send(byte seq, Message message)
    {
        var n = FrameEncoder.EncodeForWire(seq, message, _tx);
        var bytes = _tx[..n];
        Write(bytes);
        return bytes;
    }

    /// <summary>Writes raw bytes. Call under the gate. A failed write loses the link.</summary>
    public void Write(byte[] bytes)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            stream.Write(bytes);
            statistics.BytesSent += bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            onLost(ex.Message);
        }
    }

    /// <summary>Stops the reader and closes the stream. Call under the gate; wait for <see cref="Reader"/> outside it.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _stop.Cancel();
        _stop.Dispose();
        stream.Dispose();
    }

    public void Dispose() => Close();

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[512];
        string reason;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    reason = "the device closed the link";
                    break;
                }

                lock (gate)
                {
                    if (_closed)
                    {
                        return;
                    }

                    _decoder.Feed(buffer.AsSpan(0, n), onFrame);
                    statistics.BytesReceived += n; // after the frames are handled, so the count means "acted on"
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            reason = ex.Message;
        }

        lock (gate)
        {
            if (!_closed)
            {
                onLost(reason);
            }
        }
    }
}
