using System.Threading.Channels;

namespace NeckCare.Device.History;

/// <summary>
/// The only way records reach the disk: a bounded queue and one writer task. <see cref="TryEnqueue"/>
/// never waits, so the control loop never waits on the disk; when the queue is full the record is
/// dropped, counted in <see cref="Dropped"/> and reported in the status, and control goes on.
/// </summary>
public sealed class HistoryWriter : IAsyncDisposable
{
    private readonly Channel<Item> _queue;
    private readonly HistoryStore _store;
    private readonly Task _writer;
    private long _dropped;
    private long _written;
    private long _failed;

    public HistoryWriter(HistoryStore store, int capacity = 256)
    {
        _store = store;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            // Wait, with TryWrite only: a full queue makes TryWrite return false at once (DropWrite would
            // return true for a record it silently dropped, and the loss would go uncounted).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _writer = Task.Run(WriteAllAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Records waiting for the writer.</summary>
    public int Pending => _queue.Reader.CanCount ? _queue.Reader.Count : 0;

    /// <summary>
    /// Completes once everything queued before the call has been written: for tests and tools, never for
    /// the control loop (it waits for room in the queue).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Item(_ => done.TrySetResult(), Counts: false), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool TryEnqueue(SessionRecord session) => Enqueue(s => s.Insert(session));

    public bool TryEnqueue(FaultHistoryRecord fault) => Enqueue(s => s.Insert(fault));

    public bool TryEnqueue(Action<HistoryStore> write) => Enqueue(write);

    /// <summary>Completes the queue and waits until everything queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private bool Enqueue(Action<HistoryStore> write)
    {
        if (_queue.Writer.TryWrite(new Item(write, Counts: true)))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private async Task WriteAllAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                item.Write(_store);
                if (item.Counts)
                {
                    Interlocked.Increment(ref _written);
                }
            }
#pragma warning disable CA1031 // A record that cannot be written is counted; history must never stop the service.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    /// <summary>A write, and whether it is a record (a flush marker is not).</summary>
    private sealed record Item(Action<HistoryStore> Write, bool Counts);
}
