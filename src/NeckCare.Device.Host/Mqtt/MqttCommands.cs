using System.Globalization;
using System.Text;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Host.Api;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>A command topic and payload, read: what to ask the session, or why it is malformed.</summary>
/// <param name="Name">The command's name (the topic's last level).</param>
/// <param name="Session">The session command; for "start", built later from the person's defaults.</param>
/// <param name="StartWithDefaults">A start: minutes, heat and guided release from the personal defaults.</param>
/// <param name="GuidedRelease">The guided-release switch: on or off for the next start.</param>
/// <param name="Problem">Why the message was malformed (counted and dropped; nothing else happens).</param>
public sealed record MqttCommand(string Name, SessionCommand? Session = null, bool StartWithDefaults = false, bool? GuidedRelease = null, string? Problem = null)
{
    public bool Malformed => Problem is not null;
}

/// <summary>
/// Reads command messages (docs/integrator-guide.md, "Topics and payloads"). Pure: no I/O, no session.
/// Button commands take an empty payload or Home Assistant's "PRESS"; values are plain text.
/// </summary>
public static class MqttCommands
{
    /// <summary>Longer payloads are not read at all.</summary>
    public const int MaxPayloadBytes = 64;

    public static IReadOnlyList<string> Names { get; } =
        ["start", "stop", "raise", "lower", "intensity", "heat", "ease-off", "pause", "resume", "acknowledge", "guided-release"];

    public static MqttCommand Read(string name, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "stop")
        {
            // Stop is honoured whatever came with it: a stop must never be lost to a payload's spelling or size.
            return new MqttCommand(name, new StopSession());
        }

        if (payload.Length > MaxPayloadBytes)
        {
            return new MqttCommand(name, Problem: $"payload longer than {MaxPayloadBytes} bytes");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(payload).Trim();
        }
        catch (DecoderFallbackException)
        {
            return new MqttCommand(name, Problem: "payload is not UTF-8 text");
        }

        return name switch
        {
            "start" => Press(name, text, new MqttCommand(name, StartWithDefaults: true)),
            "raise" => Press(name, text, new MqttCommand(name, new RaiseIntensity())),
            "lower" => Press(name, text, new MqttCommand(name, new LowerIntensity())),
            "ease-off" => Press(name, text, new MqttCommand(name, new EaseOff())),
            "pause" => Press(name, text, new MqttCommand(name, new PauseSession())),
            "resume" => Press(name, text, new MqttCommand(name, new ResumeSession())),
            "acknowledge" => Press(name, text, new MqttCommand(name, new AcknowledgeFault())),
            "intensity" => Level(name, text),
            "heat" => HeatNames.Parse(text) is { } heat
                ? new MqttCommand(name, new SetHeat(heat))
                : new MqttCommand(name, Problem: $"heat must be one of {HeatNames.Allowed}"),
            "guided-release" => text.ToUpperInvariant() switch
            {
                "ON" => new MqttCommand(name, GuidedRelease: true),
                "OFF" => new MqttCommand(name, GuidedRelease: false),
                _ => new MqttCommand(name, Problem: "guided-release takes ON or OFF"),
            },
            _ => new MqttCommand(name, Problem: "no such command"),
        };
    }

    private static MqttCommand Press(string name, string text, MqttCommand command) =>
        text.Length == 0 || text.Equals("PRESS", StringComparison.OrdinalIgnoreCase)
            ? command
            : new MqttCommand(name, Problem: $"{name} takes an empty payload or PRESS");

    private static MqttCommand Level(string name, string text)
    {
        // Home Assistant's number entity may send "3.0".
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return new MqttCommand(name, new SetIntensity((int)value));
        }

        return new MqttCommand(name, Problem: "intensity takes a whole number");
    }
}
