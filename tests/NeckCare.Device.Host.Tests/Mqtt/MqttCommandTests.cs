using System.Text.Json;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>Commands over MQTT, against a real Mosquitto: the table's rules and answers, as for the API.</summary>
public class MqttCommandTests
{
    [Fact]
    public async Task Each_entitys_command_goes_through_the_table_and_is_answered_on_the_result_topic()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var rig = await MqttRig.StartAsync(broker);
        await rig.ConnectedAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker, rig.Base + "/#");

        await Send(probe, rig, "start", "PRESS", accepted: true);
        Assert.Equal("WarmingUp", await ApiCalls.State(rig.Client));

        var refused = await Send(probe, rig, "intensity", "2", accepted: false);
        Assert.Equal("warm-up", refused.GetProperty("code").GetString());
        var raise = await Send(probe, rig, "raise", "PRESS", accepted: false);
        Assert.Equal("warm-up", raise.GetProperty("code").GetString());
        Assert.True(raise.GetProperty("retryAfterSeconds").GetInt32() > 0);

        await Send(probe, rig, "heat", "Low", accepted: true);
        await probe.WaitForAsync(m => m.Topic == rig.Base + "/state" && m.Payload.Contains("\"heat\":\"Low\"", StringComparison.Ordinal), "heat Low in the state");

        await rig.App.AdvanceAsync(TimeSpan.FromSeconds(61)); // the warm-up is over
        await Send(probe, rig, "intensity", "3.0", accepted: true);
        Assert.Equal(3, (await ApiCalls.Status(rig.Client)).GetProperty("intensity").GetInt32());

        await Send(probe, rig, "ease-off", "", accepted: true);
        Assert.Equal(1, (await ApiCalls.Status(rig.Client)).GetProperty("intensity").GetInt32());

        await Send(probe, rig, "guided-release", "ON", accepted: true);
        Assert.True((await ApiCalls.Json(await rig.Client.GetAsync("/api/v1/limits"))).GetProperty("guidedRelease").GetBoolean());

        await Send(probe, rig, "acknowledge", "PRESS", accepted: true); // nothing to acknowledge: accepted, changes nothing
        Assert.Equal("Massaging", await ApiCalls.State(rig.Client));

        await Send(probe, rig, "stop", "PRESS", accepted: true);
        Assert.Equal("Idle", await ApiCalls.State(rig.Client));
        var history = await ApiCalls.Json(await rig.Client.GetAsync("/api/v1/history"));
        var session = history.GetProperty("items")[0];
        Assert.Equal("mqtt", session.GetProperty("startedBy").GetString()); // attributed in the history
        Assert.Equal("mqtt", session.GetProperty("endedBy").GetString());

        // And in the domain events, for the page and every SSE client: who did what, in the owner's order.
        using var replay = rig.App.CreateClient();
        replay.DefaultRequestHeaders.Add("Last-Event-ID", "0");
        var started = await EventReader.UntilAsync(replay, (type, data) => type == "command" && data.GetProperty("command").GetString() == "StartSession", "the MQTT start");
        Assert.Equal("mqtt", started.GetProperty("by").GetString());
        await probe.WaitForAsync(m => m.Topic == rig.Base + "/state" && m.Payload.Contains("\"state\":\"Idle\"", StringComparison.Ordinal) && m.Payload.Contains("\"guidedRelease\":true", StringComparison.Ordinal), "Idle in the state");
    }

    [Fact]
    public async Task A_flood_of_malformed_payloads_is_counted_and_dropped_and_changes_nothing()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var rig = await MqttRig.StartAsync(broker);
        await rig.ConnectedAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker, rig.Base + "/result");
        var before = await ApiCalls.Status(rig.Client);

        var bad = new (string Command, byte[] Payload)[]
        {
            ("intensity", "lots"u8.ToArray()), ("intensity", "NaN"u8.ToArray()), ("heat", "Scalding"u8.ToArray()),
            ("start", "now please"u8.ToArray()), ("no-such-command", []), ("guided-release", "maybe"u8.ToArray()),
            ("intensity", new byte[10_000]), ("heat", [0xff, 0xfe, 0xfd]), ("start/extra", []),
        };
        for (var round = 0; round < 20; round++)
        {
            foreach (var (command, payload) in bad)
            {
                await probe.PublishAsync(rig.Command(command), payload);
            }
        }

        var sent = 20 * bad.Length;
        var d = await rig.UntilDiagnosticsAsync(x => x.GetProperty("malformed").GetInt64() >= sent, $"{sent} malformed");
        Assert.Equal(sent, d.GetProperty("malformed").GetInt64());
        Assert.Equal(0, d.GetProperty("accepted").GetInt64());
        var after = await ApiCalls.Status(rig.Client);
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        Assert.Equal(before.GetProperty("limits").ToString(), after.GetProperty("limits").ToString());

        // Still listening: a good command after the flood is applied.
        await probe.PublishAsync(rig.Command("start"), "");
        await rig.UntilDiagnosticsAsync(x => x.GetProperty("accepted").GetInt64() == 1, "the start after the flood");
        Assert.Equal("WarmingUp", await ApiCalls.State(rig.Client));
    }

    /// <summary>Publishes a command and waits for its answer on the result topic.</summary>
    private static async Task<JsonElement> Send(MqttProbe probe, MqttRig rig, string command, string payload, bool accepted)
    {
        var from = probe.Seen.Count;
        await probe.PublishAsync(rig.Command(command), payload);
        var seen = await probe.WaitForAsync(m => m.Topic == rig.Base + "/result" && m.Payload.Contains($"\"command\":\"{command}\"", StringComparison.Ordinal), $"the {command} result", from);
        var json = JsonDocument.Parse(seen.Payload).RootElement;
        Assert.True(accepted == json.GetProperty("accepted").GetBoolean(), seen.Payload);
        return json;
    }
}
