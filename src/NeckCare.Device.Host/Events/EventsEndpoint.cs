using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Events;

/// <summary>
/// GET /api/v1/events: Server-Sent Events. The full status on connect (or, with Last-Event-ID, what was
/// missed), then every change the session owner applied, telemetry once a second, and a heartbeat
/// comment when nothing else was sent for a while. Written by hand rather than with
/// TypedResults.ServerSentEvents because the heartbeat is an SSE comment, which SseItem cannot express.
/// </summary>
internal static class EventsEndpoint
{
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    public static void MapEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/events", StreamAsync)
            .WithTags("Events").WithName("Events")
            .WithSummary("Live updates as Server-Sent Events: status, state, intensity, fault, acknowledged, telemetry (see docs/api.md).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(HttpContext http, EventHub hub, ISessionGateway gateway, TimeProvider time,
        IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken aborted)
    {
        // Streams are counted apart from connections, so phones watching can never fill what a Stop needs.
        var admitted = NeckCare.Device.Host.Access.ConnectionAdmissionMiddleware.Of(http);
        if (admitted is not null && !admitted.TryOpenStream(out var refusal))
        {
            http.Response.Headers.RetryAfter = "5";
            http.Response.Headers.Connection = "close"; // a refused stream holds no connection either
            await NeckCare.Device.Host.Access.ApiAccess.Problem(StatusCodes.Status503ServiceUnavailable, "too-many-streams",
                "Too many event streams.", refusal!).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        try
        {
            await StreamOwnedAsync(http, hub, gateway, time, json, lifetime, aborted).ConfigureAwait(false);
        }
        finally
        {
            admitted?.CloseStream();
        }
    }

    private static async Task StreamOwnedAsync(HttpContext http, EventHub hub, ISessionGateway gateway, TimeProvider time,
        IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken aborted)
    {
        // A stream ends when the service stops, so stopping never waits for a phone that is listening.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        try
        {
            await RelayAsync(http, hub, gateway, time, json, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            // The service is stopping: the client reconnects to whatever starts next.
        }
    }

    private static async Task RelayAsync(HttpContext http, EventHub hub, ISessionGateway gateway, TimeProvider time,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        long? lastId = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var client = hub.Subscribe(lastId, gateway.Status);
        var body = http.Response.Body;
        await WriteAsync(body, "retry: 2000\n\n", ct).ConfigureAwait(false);
        while (!ct.IsCancellationRequested)
        {
            var (next, timedOut) = await client.NextAsync(HeartbeatEvery, time, ct).ConfigureAwait(false);
            if (next is not null)
            {
                // One write that flushes (the response's pipe writer flushes on WriteAsync): a second,
                // separate flush per event per client was a second trip through the output pipe.
                await http.Response.BodyWriter.WriteAsync(next.Frame(json.Value.SerializerOptions), ct).ConfigureAwait(false);
            }
            else if (timedOut)
            {
                await WriteAsync(body, ": heartbeat\n\n", ct).ConfigureAwait(false);
            }
            else
            {
                // Fell too far behind, or the controller ended it: the client reconnects (with Last-Event-ID).
                await WriteAsync(body, client.Ended ? ": ended by the controller; reconnect\n\n" : ": too far behind; reconnect\n\n", ct).ConfigureAwait(false);
                return;
            }
        }
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
    }
}
