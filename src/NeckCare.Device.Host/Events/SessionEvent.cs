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
    public bool Droppable => Type == EventTypes.Telemetry;
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
}
