using System.Text.Json;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>The service on the manual clock (MassagerApp) with MQTT pointed at a test broker, and the topics it uses.</summary>
internal sealed class MqttRig : IAsyncDisposable
{
    private MqttRig(MassagerApp app, HttpClient client, string baseTopic)
    {
        App = app;
        Client = client;
        Base = baseTopic;
    }

    public MassagerApp App { get; }

    public HttpClient Client { get; }

    public string Base { get; }

    public static async Task<MqttRig> StartAsync(MosquittoBroker broker, Dictionary<string, string?>? more = null, string? baseTopic = null)
    {
        baseTopic ??= $"neckcare/test-{Guid.NewGuid():N}"[..26];
        var settings = new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt:BaseTopic"] = baseTopic,
        };
        var app = new MassagerApp(settings);
        foreach (var (key, value) in more ?? [])
        {
            // The password as from the environment file: the service refuses one on its command line.
            (key == "Mqtt:Password" ? app.Secrets : settings)[key] = value;
        }

        var client = await app.StartAsync();
        return new MqttRig(app, client, baseTopic);
    }

    public string Command(string name) => $"{Base}/command/{name}";

    public async Task<JsonElement> DiagnosticsAsync() => await ApiCalls.Json(await Client.GetAsync("/api/v1/diagnostics/mqtt"));

    /// <summary>
    /// Waits (on the wall clock: the broker and the socket are real) until the diagnostics say
    /// <paramref name="holds"/>, moving the service's clock a little each round so its reconnect waits
    /// elapse. The limit only turns "never" into a failure.
    /// </summary>
    public async Task<JsonElement> UntilDiagnosticsAsync(Func<JsonElement, bool> holds, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var d = await DiagnosticsAsync();
            if (holds(d))
            {
                return d;
            }

            Assert.True(DateTime.UtcNow < limit, $"never {what}: {d}");
            // The service's clock moves so its reconnect waits elapse; each step waits for a control tick, which
            // also gives the real sockets their turn. No sleep on the wall clock.
            await App.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    public Task<JsonElement> ConnectedAsync(int connects = 1) =>
        UntilDiagnosticsAsync(d => d.GetProperty("connected").GetBoolean() && d.GetProperty("connects").GetInt64() >= connects, $"connected ({connects})");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
