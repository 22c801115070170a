using System.Threading.Channels;

namespace NeckCare.Device.Serial;

/// <summary>
/// Reads a byte stream that arrives as chunks through a channel (from a reader thread, or the other end
/// of an in-memory link), handing out as much as the caller's buffer holds. A completed channel is the
/// end of the stream; a channel completed with an exception rethrows it.
/// </summary>
public sealed class ChunkReader(ChannelReader<byte[]> chunks)
{
    private byte[]? _chunk;
    private int _offset;

    /// <returns>Bytes copied, 0 at the end of the stream.</returns>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (_chunk is null || _offset >= _chunk.Length)
        {
            if (!await chunks.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            if (chunks.TryRead(out _chunk))
            {
                _offset = 0;
            }
        }

        var n = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }
}
