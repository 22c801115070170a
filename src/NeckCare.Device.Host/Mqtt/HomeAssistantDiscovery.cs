using System.Text.Json;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>One entity's discovery config: where it goes and what it says.</summary>
public sealed record DiscoveryConfig(string Component, string ObjectId, string Topic, byte[] Payload);

/// <summary>
/// Home Assistant's MQTT discovery for one device (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery):
/// one retained config per entity. Entities read the retained state topic; every command goes through the
/// session's table like an API call. The intensity's min and max are what the table accepts now, so its
/// config is published again when they change.
/// </summary>
public static class HomeAssistantDiscovery
{
    public static IReadOnlyList<string> StateNames { get; } = SessionStateExtensions.LeafStates.Select(s => s.ToString()).ToArray();

    /// <summary>Every entity's object id (the last level but one of its config topic); stable across versions.</summary>
    public static IReadOnlyList<(string Component, string ObjectId)> Entities { get; } =
    [
        ("binary_sensor", "session_active"), ("sensor", "state"), ("button", "start"), ("button", "stop"),
        ("number", "intensity"), ("select", "heat"), ("sensor", "remaining"), ("sensor", "pad_temperature"),
        ("sensor", "fault"), ("binary_sensor", "needs_attention"), ("binary_sensor", "output_control_lost"),
        ("button", "ease_off"), ("button", "acknowledge"), ("switch", "guided_release"),
    ];

    public static IReadOnlyList<DiscoveryConfig> Configs(MqttIdentity id, MqttTopics topics, SessionStatus status, string? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(status);
        var levels = MqttPayloads.LevelRange(status);
        var device = new Common(id, topics, status, pageUrl);
        return
        [
            device.Config("binary_sensor", "session_active", "Session active", w =>
            {
                State(w, topics, "{{ 'ON' if value_json.active else 'OFF' }}");
                w.WriteString("device_class", "running");
            }),
            device.Config("sensor", "state", "State", w =>
            {
                State(w, topics, "{{ value_json.state }}");
                w.WriteString("device_class", "enum");
                w.WriteStartArray("options");
                foreach (var name in StateNames)
                {
                    w.WriteStringValue(name);
                }

                w.WriteEndArray();
            }),
            device.Config("button", "start", "Start", w => Button(w, topics, "start", "mdi:play")),
            device.Config("button", "stop", "Stop", w => Button(w, topics, "stop", "mdi:stop")),
            device.Config("number", "intensity", "Intensity", w =>
            {
                State(w, topics, "{{ value_json.level }}");
                w.WriteString("command_topic", topics.Command("intensity"));
                w.WriteNumber("min", levels.Min);
                w.WriteNumber("max", levels.Max);
                w.WriteNumber("step", 1);
                w.WriteString("mode", "slider");
            }),
            device.Config("select", "heat", "Heat", w =>
            {
                State(w, topics, "{{ value_json.heat }}");
                w.WriteString("command_topic", topics.Command("heat"));
                w.WriteStartArray("options");
                w.WriteStringValue("Off");
                w.WriteStringValue("Low");
                w.WriteStringValue("High");
                w.WriteEndArray();
            }),
            device.Config("sensor", "remaining", "Remaining", w =>
            {
                State(w, topics, "{{ value_json.remainingMinutes }}");
                w.WriteString("device_class", "duration");
                w.WriteString("unit_of_measurement", "min");
            }),
            device.Config("sensor", "pad_temperature", "Pad temperature", w =>
            {
                w.WriteString("state_topic", topics.Telemetry);
                w.WriteString("value_template", "{{ value_json.padC }}");
                w.WriteString("device_class", "temperature");
                w.WriteString("state_class", "measurement");
                w.WriteString("unit_of_measurement", "°C");
            }),
            device.Config("sensor", "fault", "Fault", w =>
            {
                State(w, topics, "{{ value_json.fault or 'none' }}");
                w.WriteString("json_attributes_topic", topics.Fault);
                w.WriteString("icon", "mdi:alert-circle-outline");
            }),
            device.Config("binary_sensor", "needs_attention", "Needs attention", w =>
            {
                State(w, topics, "{{ 'ON' if value_json.needsAttention else 'OFF' }}");
                w.WriteString("device_class", "problem");
            }),
            device.Config("binary_sensor", "output_control_lost", "Output control lost", w =>
            {
                State(w, topics, "{{ 'OFF' if value_json.outputsUnderControl else 'ON' }}");
                w.WriteString("device_class", "problem");
            }),
            device.Config("button", "ease_off", "Too much (ease off)", w => Button(w, topics, "ease-off", "mdi:arrow-down-bold")),
            device.Config("button", "acknowledge", "Acknowledge fault", w => Button(w, topics, "acknowledge", "mdi:check")),
            device.Config("switch", "guided_release", "Guided release (next start)", w =>
            {
                State(w, topics, "{{ 'ON' if value_json.guidedRelease else 'OFF' }}");
                w.WriteString("command_topic", topics.Command("guided-release"));
                w.WriteString("payload_on", "ON");
                w.WriteString("payload_off", "OFF");
            }),
        ];
    }

    private static void State(Utf8JsonWriter w, MqttTopics topics, string template)
    {
        w.WriteString("state_topic", topics.State);
        w.WriteString("value_template", template);
    }

    private static void Button(Utf8JsonWriter w, MqttTopics topics, string command, string icon)
    {
        w.WriteString("command_topic", topics.Command(command));
        w.WriteString("payload_press", "PRESS");
        w.WriteString("icon", icon);
    }

    /// <summary>What every entity's config carries: identity, availability, the device and where it came from.</summary>
    private sealed class Common(MqttIdentity id, MqttTopics topics, SessionStatus status, string? pageUrl)
    {
        public DiscoveryConfig Config(string component, string objectId, string name, Action<Utf8JsonWriter> body)
        {
            using var buffer = new MemoryStream(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("unique_id", $"neckcare_{id.DeviceId}_{objectId}");
                w.WriteString("availability_topic", topics.Availability);
                w.WriteString("payload_available", MqttTopics.Online);
                w.WriteString("payload_not_available", MqttTopics.Offline);
                body(w);
                w.WriteStartObject("device");
                w.WriteStartArray("identifiers");
                w.WriteStringValue($"neckcare_{id.DeviceId}");
                w.WriteEndArray();
                w.WriteString("name", "Neck massager");
                w.WriteString("manufacturer", "NeckCare.Device");
                w.WriteString("model", status.Device?.Model ?? "Heated kneading neck massager");
                w.WriteString("sw_version", id.ControllerVersion);
                if (status.Device?.FirmwareVersion is { } firmware)
                {
                    w.WriteString("hw_version", firmware);
                }

                w.WriteString("serial_number", id.DeviceId);
                if (pageUrl is not null)
                {
                    w.WriteString("configuration_url", pageUrl);
                }

                w.WriteEndObject();
                w.WriteStartObject("origin");
                w.WriteString("name", "NeckCare.Device");
                w.WriteString("sw_version", id.ControllerVersion);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            return new DiscoveryConfig(component, objectId, topics.Config(component, objectId), buffer.ToArray());
        }
    }
}
