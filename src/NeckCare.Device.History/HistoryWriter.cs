using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NeckCare.Device.History;

/// <summary>
/// The only way records reach the disk: a bounded queue and one writer task. <see cref="TryEnqueue"/>
/// never waits, so the control loop never waits on the disk; when the queue is full the record is
/// dropped, counted in <see cref="Dropped"/> and reported in the status, and control goes on. A write
/// the disk refuses (full, read-only) is kept, up to <see cref="MaxKept"/> of them, and tried again
/// before the next one: when space returns nothing that was queued is lost. <see cref="Trouble"/> says
/// what is wrong until a write succeeds again.
/// </summary>
public sealed class HistoryWriter : IAsyncDisposable
{
    private readonly Channel<Item> _queue;
    private readonly HistoryStore _store;
    private readonly Task _writer;
    private long _dropped;
    private long _written;
    private long _failed;
    private readonly Queue<Item> _kept = new();
    private volatile StrongBox<StorageTrouble>? _trouble;

    /// <summary>Writes kept for another try while the disk refuses them; past this the oldest is given up (and counted as failed).</summary>
    public const int MaxKept = 64;

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

    /// <summary>Why the last write failed, until one succeeds again; null while writes succeed.</summary>
    public StorageTrouble? Trouble => _trouble?.Value;

    /// <summary>Writes the disk refused, kept for another try.</summary>
    public int Kept => _kept.Count;

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
            // Older writes first, so records reach the disk in the order they were made.
            while (_kept.TryPeek(out var older) && TryWrite(older))
            {
                _kept.Dequeue();
            }

            if (_kept.Count > 0 || !TryWrite(item))
            {
                Keep(item);
            }
        }
    }

    /// <summary>True when written; a failure is remembered in <see cref="Trouble"/>.</summary>
    private bool TryWrite(Item item)
    {
        try
        {
            item.Write(_store);
            if (item.Counts)
            {
                Interlocked.Increment(ref _written);
            }

            _trouble = null;
            return true;
        }
#pragma warning disable CA1031 // A record that cannot be written is kept or counted; history must never stop the service.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _trouble = new StrongBox<StorageTrouble>(StorageFault.Kind(ex) ?? StorageTrouble.Failed);
            return false;
        }
    }

    private void Keep(Item item)
    {
        if (!item.Counts)
        {
            item.Write(_store); // a flush marker: it only signals, and must not wait behind a full disk
            return;
        }

        _kept.Enqueue(item);
        if (_kept.Count > MaxKept)
        {
            _kept.Dequeue();
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>A write, and whether it is a record (a flush marker is not).</summary>
    private sealed record Item(Action<HistoryStore> Write, bool Counts);
}
