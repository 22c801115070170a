namespace NeckCare.Device.Host.Events;

/// <summary>
/// One message of the live event stream. <paramref name="Id"/> rises by one per event, so a client that
/// reconnects with Last-Event-ID gets exactly what it missed. Telemetry may be dropped for a slow
/// client; nothing else ever is.
/// </summary>
/// <param name="Id">The event id (Last-Event-ID).</param>
/// <param name="Type">The SSE event name: status, state, intensity, fault, acknowledged, telemetry.</param>
/// <param name="Data">Serialized as the event's JSON data.</param>
public sealed record SessionEvent(long Id, string Type, object Data)
{
    private byte[]? _frame;

    /// <summary>Telemetry and commands may be dropped for a slow client: each carries the whole of its kind, and the next supersedes it.</summary>
    public bool Droppable => Type is EventTypes.Telemetry or EventTypes.Commands;

    /// <summary>
    /// The event as it goes on the wire (<c>id:</c>, <c>event:</c>, <c>data:</c>), made once and shared by
    /// every client: with a hundred listeners, serializing per client was most of the fan-out's cost.
    /// </summary>
    public byte[] Frame(System.Text.Json.JsonSerializerOptions options)
    {
        if (Volatile.Read(ref _frame) is { } made)
        {
            return made;
        }

        var data = System.Text.Json.JsonSerializer.Serialize(Data, options.GetTypeInfo(Data.GetType()));
        var frame = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"id: {Id}\nevent: {Type}\ndata: {data}\n\n"));
        // Two clients may race to make it; both make the same bytes, and either copy will do.
        return Interlocked.CompareExchange(ref _frame, frame, null) ?? frame;
    }
}

/// <summary>The event names of the stream, as documented in docs/api.md.</summary>
public static class EventTypes
{
    public const string Status = "status";
    public const string State = "state";
    public const string Intensity = "intensity";
    public const string Fault = "fault";
    public const string Acknowledged = "acknowledged";
    public const string Telemetry = "telemetry";
    public const string Commands = "commands";
    public const string Notices = "notices";

    /// <summary>A command was applied, and who sent it (a domain event, not a diff of two statuses).</summary>
    public const string Command = "command";
}
