using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>GET /api/v1/events through the real host: what a companion app sees.</summary>
public class EventStreamTests
{
    private sealed record Sse(long? Id, string Type, JsonElement Data);

    /// <summary>Reads one SSE stream event by event (comments and the retry line skipped).</summary>
    private sealed class SseReader(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8);

        public async Task<Sse> NextAsync()
        {
            using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only a hang reaches it
            long? id = null;
            string? type = null;
            var data = new StringBuilder();
            while (await _reader.ReadLineAsync(hang.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (type is not null)
                    {
                        return new Sse(id, type, JsonDocument.Parse(data.ToString()).RootElement);
                    }

                    continue;
                }

                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }

            throw new EndOfStreamException("the stream ended");
        }

        public async Task<Sse> NextOfTypeAsync(string type)
        {
            while (true)
            {
                var e = await NextAsync();
                if (e.Type == type)
                {
                    return e;
                }
            }
        }

        public void Dispose() => _reader.Dispose();
    }

    private static async Task<SseReader> OpenAsync(HttpClient client, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(await response.Content.ReadAsStreamAsync());
    }

    [Fact]
    public async Task Stopping_the_service_ends_every_open_stream_so_shutdown_never_waits_for_a_listening_phone()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        using var events = await OpenAsync(client);
        Assert.Equal("status", (await events.NextAsync()).Type);

        app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().StopApplication();

        await Assert.ThrowsAsync<EndOfStreamException>(events.NextAsync);
    }

    [Fact]
    public async Task A_client_gets_the_full_status_then_state_changes_and_telemetry_once_a_second()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        using var events = await OpenAsync(client);

        var status = await events.NextAsync();
        Assert.Equal("status", status.Type);
        Assert.Equal("Idle", status.Data.GetProperty("state").GetString());

        await client.PostAsync("/api/v1/session/start", null);
        var state = await events.NextOfTypeAsync("state");
        Assert.Equal("WarmingUp", state.Data.GetProperty("state").GetString());
        Assert.Equal("Idle", state.Data.GetProperty("previous").GetString());

        await app.AdvanceAsync(TimeSpan.FromSeconds(3));
        var telemetry = await events.NextOfTypeAsync("telemetry");
        Assert.True(telemetry.Data.GetProperty("remainingSeconds").GetInt32() <= 600);
        Assert.True(telemetry.Id > state.Id);
    }

    [Fact]
    public async Task Several_clients_at_once_each_get_every_state_change()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var streams = new List<SseReader>();
        for (var i = 0; i < 5; i++)
        {
            streams.Add(await OpenAsync(client));
            Assert.Equal("status", (await streams[^1].NextAsync()).Type);
        }

        await client.PostAsync("/api/v1/session/start", null);
        await client.PostAsync("/api/v1/session/stop", null);

        foreach (var s in streams)
        {
            Assert.Equal("WarmingUp", (await s.NextOfTypeAsync("state")).Data.GetProperty("state").GetString());
            Assert.Equal("Idle", (await s.NextOfTypeAsync("state")).Data.GetProperty("state").GetString());
            s.Dispose();
        }
    }

    [Fact]
    public async Task A_reconnecting_client_with_last_event_id_gets_what_it_missed_without_the_full_status()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        long last;
        using (var first = await OpenAsync(client))
        {
            last = (await first.NextAsync()).Id!.Value;
        }

        await client.PostAsync("/api/v1/session/start", null);
        using var again = await OpenAsync(client, last);

        var missed = await again.NextAsync();
        Assert.NotEqual("status", missed.Type);
        Assert.True(missed.Id > last);
        Assert.Equal("WarmingUp", (missed.Type == "state" ? missed : await again.NextOfTypeAsync("state")).Data.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_fault_and_its_acknowledgement_are_streamed()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        using var events = await OpenAsync(client);
        await client.PostAsync("/api/v1/session/start", null);

        app.Device.Inject(NeckCare.Device.Simulator.Physics.SimulatedFault.MotorJam);
        await app.AdvanceUntilAsync(() => app.Controller.Status.Fault is not null, TimeSpan.FromSeconds(5));
        var fault = await events.NextOfTypeAsync("fault");
        Assert.False(string.IsNullOrEmpty(fault.Data.GetProperty("code").GetString()));

        app.Device.Clear(NeckCare.Device.Simulator.Physics.SimulatedFault.MotorJam);
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        await client.PostAsync("/api/v1/faults/acknowledge", null);
        var ack = await events.NextOfTypeAsync("acknowledged");
        Assert.Equal(fault.Data.GetProperty("code").GetString(), ack.Data.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_stream_and_every_event_shape()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var stream = doc.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/event-stream").GetProperty("schema");
        Assert.Equal(9, stream.GetProperty("oneOf").GetArrayLength());
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "StateEvent", "IntensityEvent", "FaultEvent", "AcknowledgedEvent", "TelemetryEvent", "SessionCommands", "SessionStatus", "NoticesEvent", "CommandEvent" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"{name} missing");
        }

        Assert.True(schemas.GetProperty("TelemetryEvent").GetProperty("properties").TryGetProperty("remainingSeconds", out _));
    }
}
