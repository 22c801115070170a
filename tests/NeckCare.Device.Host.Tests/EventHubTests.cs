using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Host.Events;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Host.Tests;

/// <summary>The live event stream's hub on its own: order, resume, bounded buffers that never block the owner.</summary>
public class EventHubTests
{
    private readonly ManualTimeProvider _time = new();

    private static (SessionStatus Idle, SessionStatus Running) TwoStatuses()
    {
        var rig = Rig.Connected();
        var idle = rig.Status;
        rig.Accept(new StartSession(10, HeatLevel.Off));
        return (idle, rig.Status);
    }

    private static async Task<List<SessionEvent>> Drain(EventSubscription client)
    {
        var events = new List<SessionEvent>();
        while (client.Count > 0 && (await client.NextAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None)).Event is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task A_new_client_gets_the_full_status_first_and_then_the_changes_in_the_order_they_were_applied()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        hub.Publish(idle);
        using var client = hub.Subscribe(null, idle);

        hub.Publish(running);
        hub.Publish(idle);

        var events = await Drain(client);
        Assert.Equal(["status", "state", "intensity", "commands", "state", "intensity", "commands"], events.Select(e => e.Type));
        Assert.Equal(events.Skip(1).Select(e => e.Id).Order(), events.Skip(1).Select(e => e.Id));
        Assert.Equal(new StateEvent(running.State, idle.State), events[1].Data);
    }

    [Fact]
    public async Task A_client_that_subscribes_before_the_owners_first_publication_hears_the_first_change()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        using var client = hub.Subscribe(null, idle); // the service has just started: nothing published yet

        hub.Publish(running);

        var events = await Drain(client);
        Assert.Equal(EventTypes.Status, events[0].Type);
        Assert.Contains(events, e => e.Type == EventTypes.State);
    }

    [Fact]
    public async Task Telemetry_goes_out_once_a_second_however_often_the_owner_publishes()
    {
        var (idle, _) = TwoStatuses();
        var hub = new EventHub(_time);
        using var client = hub.Subscribe(null, idle);

        for (var i = 0; i < 30; i++)
        {
            hub.Publish(idle);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, (await Drain(client)).Count(e => e.Type == "telemetry"));
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_event_id_gets_exactly_the_changes_it_missed()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        hub.Publish(idle);
        long seen;
        using (var first = hub.Subscribe(null, idle))
        {
            hub.Publish(running);
            seen = (await Drain(first)).Max(e => e.Id);
        }

        hub.Publish(idle); // missed while away
        using var again = hub.Subscribe(seen, idle);

        var events = await Drain(again);
        // The changes missed, then what may be done now (never kept in the history: each supersedes the last).
        Assert.Equal(["state", "intensity", "commands"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.True(e.Id > seen));
        Assert.Equal(idle.Commands, events[^1].Data);
    }

    [Fact]
    public async Task An_unknown_or_forgotten_last_event_id_gets_the_full_status_instead()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        hub.Publish(idle);
        for (var i = 0; i < EventHub.HistoryLength; i++)
        {
            hub.Publish(i % 2 == 0 ? running : idle);
        }

        using var future = hub.Subscribe(hub.LastId + 100, idle);
        using var forgotten = hub.Subscribe(1, idle);

        Assert.Equal("status", Assert.Single(await Drain(future)).Type);
        Assert.Equal("status", Assert.Single(await Drain(forgotten)).Type);
    }

    [Fact]
    public async Task A_client_that_never_reads_loses_the_oldest_telemetry_first_and_never_a_state_change()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        hub.Publish(idle);
        using var slow = hub.Subscribe(null, idle);
        hub.Publish(running);

        for (var i = 0; i < 500; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            hub.Publish(running); // telemetry only
        }

        Assert.False(slow.Overflowed);
        Assert.True(slow.Dropped > 400);
        var events = await Drain(slow);
        Assert.Equal(EventHub.ClientCapacity, events.Count);
        Assert.Contains(events, e => e.Type == "state");
    }

    [Fact]
    public async Task A_client_too_far_behind_on_changes_that_may_not_be_dropped_is_disconnected_and_others_are_not_held_up()
    {
        var (idle, running) = TwoStatuses();
        var hub = new EventHub(_time);
        hub.Publish(idle);
        using var slow = hub.Subscribe(null, idle);
        using var reader = hub.Subscribe(null, idle);
        var readerSaw = 0;

        for (var i = 0; i < EventHub.ClientCapacity; i++)
        {
            hub.Publish(i % 2 == 0 ? running : idle);
            readerSaw += (await Drain(reader)).Count;
        }

        Assert.True(slow.Overflowed);
        Assert.Null((await slow.NextAsync(TimeSpan.Zero, _time, CancellationToken.None)).Event);
        Assert.False(reader.Overflowed);
        Assert.True(readerSaw > EventHub.ClientCapacity);
    }

    [Fact]
    public async Task With_nothing_to_send_for_fifteen_seconds_the_stream_is_told_to_send_a_heartbeat()
    {
        var (idle, _) = TwoStatuses();
        var hub = new EventHub(_time);
        using var client = hub.Subscribe(null, idle);
        await Drain(client);

        var waiting = client.NextAsync(EventsEndpointHeartbeat, _time, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _time.Advance(EventsEndpointHeartbeat);
        var (next, timedOut) = await waiting;

        Assert.Null(next);
        Assert.True(timedOut);
        Assert.Equal(0, hub.Clients - 1);
    }

    private static readonly TimeSpan EventsEndpointHeartbeat = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Ending_every_stream_makes_each_waiting_client_return_at_once_with_nothing_more_to_send()
    {
        var (idle, _) = TwoStatuses();
        var hub = new EventHub(_time);
        using var reading = hub.Subscribe(null, idle);
        using var waiting = hub.Subscribe(null, idle);
        await reading.NextAsync(TimeSpan.Zero, _time, CancellationToken.None); // the status
        var pending = reading.NextAsync(TimeSpan.FromMinutes(1), _time, CancellationToken.None);

        hub.EndAll();

        Assert.Equal((null, false), await pending);
        Assert.True(reading.Ended);
        Assert.Equal((null, false), await waiting.NextAsync(TimeSpan.FromMinutes(1), _time, CancellationToken.None));
    }
}
