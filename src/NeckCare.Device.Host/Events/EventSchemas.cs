using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeckCare.Device.Host.Events;

/// <summary>
/// Puts the event stream's message shapes into the OpenAPI document: one schema per event's data, and
/// the stream's response described as any of them, so a client generator knows every shape.
/// </summary>
internal static class EventSchemas
{
    private static readonly (string Event, Type Data)[] Shapes =
    [
        (EventTypes.Status, typeof(Core.Control.SessionStatus)),
        (EventTypes.State, typeof(StateEvent)),
        (EventTypes.Intensity, typeof(IntensityEvent)),
        (EventTypes.Fault, typeof(FaultEvent)),
        (EventTypes.Acknowledged, typeof(AcknowledgedEvent)),
        (EventTypes.Telemetry, typeof(TelemetryEvent)),
        (EventTypes.Commands, typeof(Core.Sessions.SessionCommands)),
        (EventTypes.Notices, typeof(NoticesEvent)),
        (EventTypes.Command, typeof(CommandEvent)),
    ];

    public static OpenApiOptions AddEventSchemas(this OpenApiOptions options) =>
        options.AddDocumentTransformer(async (doc, context, ct) =>
        {
            doc.Components ??= new OpenApiComponents();
            doc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            var refs = new List<IOpenApiSchema>();
            foreach (var (name, type) in Shapes)
            {
                var schema = await context.GetOrCreateSchemaAsync(type, null, ct).ConfigureAwait(false);
                schema.Description = $"data of the \"{name}\" event";
                doc.Components.Schemas[type.Name] = schema;
                refs.Add(new OpenApiSchemaReference(type.Name, doc));
            }

            if (doc.Paths?.TryGetValue("/api/v1/events", out var path) == true
                && path.Operations?.TryGetValue(HttpMethod.Get, out var get) == true
                && get.Responses?.TryGetValue("200", out var ok) == true
                && ok is OpenApiResponse response)
            {
                response.Description = "A text/event-stream; each event's data is one of these, by its event name (docs/api.md).";
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content["text/event-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { OneOf = refs } };
            }
        });
}
