namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>The broker away, restarted, refusing the password, or behind TLS: the massage is never affected.</summary>
public class MqttOutageTests
{
    [Fact]
    public async Task With_the_broker_down_stop_and_ticks_work_through_the_API_and_afterwards_it_reconnects_and_republishes()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var rig = await MqttRig.StartAsync(broker);
        await rig.ConnectedAsync();
        await using (var probe = await MqttProbe.ConnectAsync(broker, rig.Base + "/result"))
        {
            await probe.PublishAsync(rig.Command("start"), "");
            await probe.WaitForAsync(m => m.Payload.Contains("\"accepted\":true", StringComparison.Ordinal), "the start");
        }

        await broker.StopAsync();
        await rig.UntilDiagnosticsAsync(d => !d.GetProperty("connected").GetBoolean(), "disconnected");

        // The session goes on by the clock, and the page's commands are answered.
        var remaining = (await ApiCalls.Status(rig.Client)).GetProperty("remainingSeconds").GetInt32();
        await rig.App.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(remaining - 5, (await ApiCalls.Status(rig.Client)).GetProperty("remainingSeconds").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await rig.Client.PostAsync("/api/v1/session/stop", null)).StatusCode);
        Assert.Equal("Idle", await ApiCalls.State(rig.Client));

        await broker.StartAgainAsync();
        await rig.ConnectedAsync(connects: 2);
        await using var after = await MqttProbe.ConnectAsync(broker, rig.Base + "/#");
        await after.WaitForAsync(m => m.Topic == rig.Base + "/availability" && m.Payload == "online", "online again");
        await after.WaitForAsync(m => m.Topic == rig.Base + "/state" && m.Payload.Contains("\"state\":\"Idle\"", StringComparison.Ordinal), "the state after the outage");
        await using var later = await MqttProbe.ConnectAsync(broker, rig.Base + "/state");
        Assert.Contains("\"state\":\"Idle\"", (await later.WaitForAsync(m => m.Retained, "the retained state")).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_and_retried_until_the_broker_takes_it_and_the_right_one_connects()
    {
        await using var broker = await MosquittoBroker.StartAsync(withPassword: true);
        await using (var wrong = await MqttRig.StartAsync(broker, new() { ["Mqtt:Username"] = MosquittoBroker.User, ["Mqtt:Password"] = "not-it" }))
        {
            var d = await wrong.UntilDiagnosticsAsync(x => x.GetProperty("lastError").GetString() is not null, "an error");
            Assert.False(d.GetProperty("connected").GetBoolean());
            Assert.Contains("Mqtt:Password", d.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("not-it", d.ToString(), StringComparison.Ordinal);
            await wrong.App.AdvanceAsync(TimeSpan.FromSeconds(5)); // the waits double: 1, 2 s…
            Assert.Equal("Idle", await ApiCalls.State(wrong.Client));

            // It keeps trying: once the broker takes it, it connects without a restart.
            await broker.StopAsync();
            broker.AllowAnyone();
            await broker.StartAgainAsync();
            await wrong.ConnectedAsync();
            Assert.Equal(1, (await wrong.DiagnosticsAsync()).GetProperty("connects").GetInt64());
        }

        await using var checking = await MosquittoBroker.StartAsync(withPassword: true);
        await using var right = await MqttRig.StartAsync(checking, new() { ["Mqtt:Username"] = MosquittoBroker.User, ["Mqtt:Password"] = MosquittoBroker.Password });
        await right.ConnectedAsync();
    }

    [Fact]
    public async Task Over_TLS_the_broker_is_trusted_through_the_configured_CA()
    {
        await using var broker = await MosquittoBroker.StartAsync(withTls: true);
        await using var rig = await MqttRig.StartAsync(broker, new() { ["Mqtt:UseTls"] = "true", ["Mqtt:CaFile"] = broker.CaFile });
        await rig.ConnectedAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker, rig.Base + "/availability");
        await probe.WaitForAsync(m => m.Payload == "online", "online over TLS");
    }

    [Fact]
    public async Task Over_TLS_without_the_CA_the_broker_is_not_trusted()
    {
        await using var broker = await MosquittoBroker.StartAsync(withTls: true);
        await using var rig = await MqttRig.StartAsync(broker, new() { ["Mqtt:UseTls"] = "true" });
        var d = await rig.UntilDiagnosticsAsync(x => x.GetProperty("lastError").GetString() is not null, "an error");
        Assert.False(d.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task An_MQTT_side_that_cannot_start_is_reported_and_the_massage_goes_on()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var state = Directory.CreateTempSubdirectory("neckcare-state-").FullName;
        Directory.CreateDirectory(Path.Combine(state, Host.Mqtt.MqttIdentity.FileName)); // its id cannot be read or written
        try
        {
            await using var rig = await MqttRig.StartAsync(broker, new() { ["Storage:StateDirectory"] = state });

            var d = await rig.UntilDiagnosticsAsync(x => x.GetProperty("lastError").GetString() is not null, "an error");
            Assert.StartsWith("MQTT stopped", d.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await rig.Client.PostAsync("/api/v1/session/start", null)).StatusCode);
            Assert.Equal("WarmingUp", await ApiCalls.State(rig.Client));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
