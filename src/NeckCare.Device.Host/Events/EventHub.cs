using NeckCare.Device.Core.Control;

namespace NeckCare.Device.Host.Events;

/// <summary>
/// Turns what the session owner applied into the live event stream. The owner calls
/// <see cref="Publish"/> after every command and tick, in the order it applied them, so clients see
/// events in that order. Publishing only appends to bounded per-client buffers: a slow or vanished
/// client never holds the control loop up. The last events that may not be dropped are kept, so a
/// reconnecting client resumes from its Last-Event-ID.
/// </summary>
public sealed class EventHub(TimeProvider time)
{
    /// <summary>Per-client buffer (events).</summary>
    public const int ClientCapacity = 64;

    /// <summary>Events kept for resuming (telemetry is not kept: the next one supersedes it).</summary>
    public const int HistoryLength = 256;

    public static readonly TimeSpan TelemetryEvery = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<EventSubscription> _clients = [];
    private readonly LinkedList<SessionEvent> _history = new();
    private SessionStatus? _last;
    private long? _lastTelemetry;
    private long _nextId = 1;
    private long _forgottenUpTo;

    public int Clients
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The newest event id (0 before any).</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _nextId - 1;
            }
        }
    }

    /// <summary>Called by the session owner with the status after each step it applied.</summary>
    public void Publish(SessionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            if (_last is { } before)
            {
                foreach (var (type, data) in SessionEventDiff.Between(before, status))
                {
                    Send(type, data);
                }
            }

            _last = status;
            var now = time.GetTimestamp();
            if (_lastTelemetry is not { } last || time.GetElapsedTime(last, now) >= TelemetryEvery)
            {
                _lastTelemetry = now;
                Send(EventTypes.Telemetry, SessionEventDiff.Telemetry(status));
            }
        }
    }

    /// <summary>Called by the session owner when it has applied a command, before the changes it made.</summary>
    public void PublishCommand(Core.Control.SessionCommand command, string by)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            Send(EventTypes.Command, new CommandEvent(command.GetType().Name, by));
        }
    }

    /// <summary>
    /// A new client. With a Last-Event-ID still in the history, the events after it are queued first;
    /// otherwise (none, unknown, or too old) the full status is, as event "status".
    /// </summary>
    public EventSubscription Subscribe(long? lastEventId, SessionStatus current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var client = new EventSubscription(ClientCapacity, Remove);
        lock (_gate)
        {
            // Before the owner's first publication the client's status is the baseline: the first change
            // after it must reach the client as an event (the diff has nothing to compare with otherwise).
            _last ??= current;

            // Resumable when nothing the client missed has left the history (telemetry is never kept).
            var resumable = lastEventId is { } id && id >= _forgottenUpTo && id <= _nextId - 1;
            if (resumable)
            {
                foreach (var e in _history.Where(e => e.Id > lastEventId))
                {
                    client.Offer(e);
                }

                // What may be done now is not kept in the history (each supersedes the last): the current one.
                client.Offer(new SessionEvent(_nextId - 1, EventTypes.Commands, current.Commands));
            }
            else
            {
                // Ids stay monotonic for every client: the status carries the newest id.
                client.Offer(new SessionEvent(_nextId - 1, EventTypes.Status, current));
            }

            _clients.Add(client);
        }

        return client;
    }

    private void Send(string type, object data)
    {
        var e = new SessionEvent(_nextId++, type, data);
        if (!e.Droppable)
        {
            _history.AddLast(e);
            if (_history.Count > HistoryLength)
            {
                _forgottenUpTo = _history.First!.Value.Id;
                _history.RemoveFirst();
            }
        }

        foreach (var client in _clients)
        {
            client.Offer(e);
        }
    }

    /// <summary>
    /// Ends every open stream. Credentials are checked when a stream opens, so after pairings are
    /// revoked this makes every listener reconnect and be checked again; the still-paired are back
    /// within the stream's retry (2 s) with the full status.
    /// </summary>
    public void EndAll()
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.End();
            }
        }
    }

    private void Remove(EventSubscription client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }
}
