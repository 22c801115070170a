using System.Text.Json;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>Home Assistant's discovery, against a real Mosquitto: what appears, and that it stays the same device.</summary>
public class MqttDiscoveryTests
{
    /// <summary>Keys Home Assistant's MQTT platforms require (home-assistant.io/integrations/&lt;component&gt;.mqtt).</summary>
    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["button"] = ["command_topic"],
        ["number"] = ["command_topic", "state_topic", "min", "max", "step"],
        ["select"] = ["command_topic", "options"],
        ["switch"] = ["command_topic", "state_topic", "payload_on", "payload_off"],
        ["sensor"] = ["state_topic"],
        ["binary_sensor"] = ["state_topic"],
    };

    [Fact]
    public async Task Every_entity_is_announced_with_the_keys_Home_Assistant_requires_and_the_same_ids_after_a_restart()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var state = Path.Combine(Path.GetTempPath(), $"neckcare-state-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Storage:StateDirectory"] = state };
        try
        {
            HashSet<string> first;
            await using (var rig = await MqttRig.StartAsync(broker, settings, baseTopic: null))
            {
                await rig.ConnectedAsync();
                first = await AnnouncedAsync(broker, rig.Base);
            }

            await using (var again = await MqttRig.StartAsync(broker, settings, baseTopic: null))
            {
                await again.ConnectedAsync(); // same state directory: same device id, same unique ids
                Assert.Equal(first, await AnnouncedAsync(broker, again.Base));
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task The_device_is_announced_online_with_its_state_retained()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var rig = await MqttRig.StartAsync(broker);
        await rig.ConnectedAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker, rig.Base + "/#");

        await probe.WaitForAsync(m => m.Topic == rig.Base + "/availability" && m.Payload == "online", "online");
        await probe.WaitForAsync(m => m.Topic == rig.Base + "/state" && m.Payload.Contains("Idle", StringComparison.Ordinal), "Idle");

        await using var later = await MqttProbe.ConnectAsync(broker, rig.Base + "/state");
        var state = await later.WaitForAsync(m => m.Retained, "the retained state");
        var json = JsonDocument.Parse(state.Payload).RootElement;
        Assert.Equal("Idle", json.GetProperty("state").GetString());
        Assert.False(json.GetProperty("active").GetBoolean());
        Assert.True(json.GetProperty("canStart").GetBoolean());
    }

    [Fact]
    public async Task When_Home_Assistant_says_online_again_every_config_is_announced_again()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var rig = await MqttRig.StartAsync(broker);
        await rig.ConnectedAsync();
        var entities = Host.Mqtt.HomeAssistantDiscovery.Entities.Count;
        await using var probe = await MqttProbe.ConnectAsync(broker, "homeassistant/+/+/+/config");
        await SeenAllAsync(probe, entities);
        var before = probe.Seen.Count;

        await probe.PublishAsync("homeassistant/status", "online"); // Home Assistant restarted

        await probe.UntilAsync(seen => seen.Count >= before + entities);

        Assert.Equal(entities, probe.Seen.Skip(before).Select(m => m.Topic).Distinct().Count());
    }

    [Fact]
    public async Task Announce_off_clears_the_retained_configs_so_the_device_leaves_Home_Assistant()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var baseTopic = $"neckcare/test-{Guid.NewGuid():N}"[..26];
        var state = Path.Combine(Path.GetTempPath(), $"neckcare-state-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Storage:StateDirectory"] = state };
        try
        {
            var entities = Host.Mqtt.HomeAssistantDiscovery.Entities.Count;
            await using var probe = await MqttProbe.ConnectAsync(broker, "homeassistant/#");
            await using (var rig = await MqttRig.StartAsync(broker, settings, baseTopic))
            {
                await rig.ConnectedAsync();
                await SeenAllAsync(probe, entities); // announced (connected comes a moment before the configs)
            }

            settings["Mqtt:Announce"] = "false";
            await using var removing = await MqttRig.StartAsync(broker, settings, baseTopic);
            await removing.ConnectedAsync();

            await probe.UntilAsync(seen => seen.Count(m => m.Payload.Length == 0) >= entities);

            Assert.Equal(entities, probe.Seen.Where(m => m.Payload.Length == 0).Select(m => m.Topic).Distinct().Count());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Subscribes afresh (retained messages only) and checks each config; returns the unique ids.</summary>
    private static async Task<HashSet<string>> AnnouncedAsync(MosquittoBroker broker, string baseTopic)
    {
        var entities = Host.Mqtt.HomeAssistantDiscovery.Entities;
        await using (var live = await MqttProbe.ConnectAsync(broker, "homeassistant/+/+/+/config"))
        {
            // This controller's configs (they name its topics), not a previous run's still retained at the same ids.
            await live.UntilAsync(seen => seen.Where(m => m.Payload.Contains($"\"{baseTopic}/", StringComparison.Ordinal))
                .Select(m => m.Topic).Distinct().Count() >= entities.Count);
        }

        // A client that comes later (Home Assistant restarting) gets every config from the broker.
        await using var probe = await MqttProbe.ConnectAsync(broker, "homeassistant/+/+/+/config");
        await SeenAllAsync(probe, entities.Count);

        // Each config came from the broker's store (retained) at subscription; one may also come live
        // afterwards, when the device's model and firmware became known and the configs were published again.
        var seen = probe.Seen.GroupBy(m => m.Topic).ToList();
        Assert.All(seen, g => Assert.Contains(g, m => m.Retained));
        var configs = seen.Select(g => g.Last()).ToList();
        Assert.Equal(entities.Count, configs.Count);
        var ids = new HashSet<string>();
        foreach (var (topic, payload, _) in configs)
        {
            var component = topic.Split('/')[1];
            var json = JsonDocument.Parse(payload).RootElement;
            foreach (var key in Required[component].Concat(["name", "unique_id", "availability_topic"]))
            {
                Assert.True(json.TryGetProperty(key, out _), $"{topic} lacks {key}");
            }

            Assert.True(ids.Add(json.GetProperty("unique_id").GetString()!), "unique ids are unique");
            Assert.NotEmpty(json.GetProperty("device").GetProperty("identifiers").EnumerateArray());
            foreach (var key in new[] { "state_topic", "command_topic", "availability_topic" })
            {
                if (json.TryGetProperty(key, out var t))
                {
                    Assert.StartsWith(baseTopic + "/", t.GetString(), StringComparison.Ordinal);
                }
            }
        }

        return ids;
    }

    /// <summary>Waits until <paramref name="count"/> config topics have been seen; the limit only turns "never" into a failure.</summary>
    private static async Task SeenAllAsync(MqttProbe probe, int count)
    {
        await probe.UntilAsync(seen => seen.Select(m => m.Topic).Distinct().Count() >= count);
    }
}
