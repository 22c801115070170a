namespace NeckCare.Device.Host.Events;

/// <summary>
/// One client's buffer. Bounded: when full, the oldest telemetry goes first; when only events that may
/// never be dropped fill it, the client has fallen too far behind and is disconnected (it reconnects
/// with Last-Event-ID and catches up from the history). Adding never blocks the session owner.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<SessionEvent> _queue = new();
    private TaskCompletionSource? _signal;
    private readonly int _capacity;
    private readonly Action<EventSubscription> _onDispose;

    internal EventSubscription(int capacity, Action<EventSubscription> onDispose)
    {
        _capacity = capacity;
        _onDispose = onDispose;
    }

    /// <summary>Set when the controller ended the stream (pairings were revoked); the client reconnects and is judged afresh.</summary>
    public bool Ended { get; private set; }

    /// <summary>Ends the stream after what is already queued is dropped: the next wait returns at once.</summary>
    internal void End()
    {
        lock (_gate)
        {
            Ended = true;
            _signal?.TrySetResult();
        }
    }

    /// <summary>Set when the client fell too far behind; the stream then ends.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Telemetry events dropped for this client because it read too slowly.</summary>
    public long Dropped { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    internal void Offer(SessionEvent e)
    {
        lock (_gate)
        {
            if (Overflowed)
            {
                return;
            }

            if (_queue.Count >= _capacity)
            {
                var oldestTelemetry = FirstDroppable();
                if (oldestTelemetry is not null)
                {
                    _queue.Remove(oldestTelemetry);
                    Dropped++;
                }
                else if (e.Droppable)
                {
                    Dropped++;
                    return;
                }
                else
                {
                    Overflowed = true;
                    _signal?.TrySetResult();
                    return;
                }
            }

            _queue.AddLast(e);
            _signal?.TrySetResult();
        }
    }

    /// <summary>
    /// The next event; null with <c>TimedOut</c> when <paramref name="timeout"/> passed first (time for a
    /// heartbeat), null without it when the client overflowed and must be disconnected.
    /// </summary>
    public async Task<(SessionEvent? Event, bool TimedOut)> NextAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        Task signal;
        lock (_gate)
        {
            if (TryTake(out var ready))
            {
                return ready;
            }

            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = _signal.Task;
        }

        try
        {
            // WaitAsync stops its timer when the signal comes; a Task.Delay raced with WhenAny would leave
            // one timer pending per event per client until the heartbeat time (thousands with 100 phones).
            await signal.WaitAsync(timeout, time, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Time for a heartbeat, unless something arrived just now (looked at below).
        }

        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return TryTake(out var ready) ? ready : (null, true);
        }
    }

    /// <summary>Under the gate: an event, or the overflow verdict; false when there is nothing yet.</summary>
    private bool TryTake(out (SessionEvent? Event, bool TimedOut) result)
    {
        if (Overflowed || Ended)
        {
            result = (null, false);
            return true;
        }

        if (_queue.First is { } first)
        {
            _queue.RemoveFirst();
            result = (first.Value, false);
            return true;
        }

        result = default;
        return false;
    }

    private LinkedListNode<SessionEvent>? FirstDroppable()
    {
        for (var n = _queue.First; n is not null; n = n.Next)
        {
            if (n.Value.Droppable)
            {
                return n;
            }
        }

        return null;
    }

    public void Dispose() => _onDispose(this);
}
