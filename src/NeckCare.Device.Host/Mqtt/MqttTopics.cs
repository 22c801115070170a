namespace NeckCare.Device.Host.Mqtt;

/// <summary>Every topic the service uses (docs/integrator-guide.md, "Topics and payloads"). All under the base topic but discovery's.</summary>
public sealed class MqttTopics(MqttIdentity identity)
{
    public const string Online = "online";

    public const string Offline = "offline";

    public string Base { get; } = identity.BaseTopic;

    /// <summary>Retained "online" while connected; the broker publishes the last will "offline" when the service is gone.</summary>
    public string Availability => Base + "/availability";

    /// <summary>Retained: the session's state, on change.</summary>
    public string State => Base + "/state";

    /// <summary>At most once a second during a session: pad temperature and outputs.</summary>
    public string Telemetry => Base + "/telemetry";

    /// <summary>Retained: the fault shown now (code and message), or an empty object.</summary>
    public string Fault => Base + "/fault";

    /// <summary>Every command's answer: accepted, or the refusal's code and reason.</summary>
    public string Result => Base + "/result";

    public string CommandPrefix => Base + "/command/";

    public string Commands => Base + "/command/#";

    /// <summary>Home Assistant says "online" here when it (re)starts: the cue to announce again.</summary>
    public string HomeAssistantStatus => identity.DiscoveryPrefix + "/status";

    public string Command(string name) => CommandPrefix + name;

    public string Config(string component, string objectId) =>
        $"{identity.DiscoveryPrefix}/{component}/{identity.DeviceId}/{objectId}/config";
}
