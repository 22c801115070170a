using System.Text.Json;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// The small JSON payloads the service publishes (docs/integrator-guide.md, "Topics and payloads"),
/// written field by field: no reflection, and the names are the documented ones whatever the API does.
/// </summary>
public static class MqttPayloads
{
    /// <summary>
    /// The session's state: everything the entities show, plus what the table allows now. Nothing in it
    /// changes every second, so the retained message is published on change only.
    /// </summary>
    public static byte[] State(SessionStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Write(w =>
        {
            w.WriteString("state", s.State.ToString());
            w.WriteBoolean("active", s.State.HasSession());
            w.WriteNumber("level", s.Intensity);
            w.WriteNumber("maxLevel", s.MaxIntensity);
            var levels = LevelRange(s);
            w.WriteNumber("levelMin", levels.Min);
            w.WriteNumber("levelMax", levels.Max);
            w.WriteString("heat", s.Heat.Level.ToString());
            // Whole minutes, rounded up: the retained state changes once a minute, not every tick (seconds are in telemetry).
            w.WriteNumber("remainingMinutes", (s.RemainingSeconds + 59) / 60);
            if (s.Fault is { } f)
            {
                w.WriteString("fault", f.Code.ToString());
                w.WriteString("faultMessage", f.Message);
            }
            else
            {
                w.WriteNull("fault");
                w.WriteNull("faultMessage");
            }

            w.WriteBoolean("needsAttention", NeedsAttention(s));
            w.WriteBoolean("outputsUnderControl", s.OutputsUnderControl);
            w.WriteBoolean("guidedRelease", s.Limits.GuidedRelease);
            w.WriteBoolean("canStart", s.Commands.Start.Allowed);
            w.WriteBoolean("canRaise", s.Commands.Raise.Allowed);
        });
    }

    public static byte[] Telemetry(SessionStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Write(w =>
        {
            if (s.Heat.TemperatureC is { } c)
            {
                w.WriteNumber("padC", Math.Round(c, 1));
            }
            else
            {
                w.WriteNull("padC");
            }

            w.WriteNumber("motor", Math.Round(s.Outputs.MotorSpeed, 2));
            w.WriteNumber("heater", Math.Round(s.Outputs.HeaterDuty, 2));
            w.WriteNumber("remainingSeconds", s.RemainingSeconds);
            w.WriteNumber("warmUpSeconds", s.WarmUpRemainingSeconds);
        });
    }

    /// <summary>The fault shown now, or an empty object when there is none.</summary>
    public static byte[] Fault(SessionStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Write(w =>
        {
            if (s.Fault is { } f)
            {
                w.WriteString("code", f.Code.ToString());
                w.WriteString("message", f.Message);
                w.WriteString("at", f.At);
            }
        });
    }

    public static byte[] Result(string command, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(w =>
        {
            w.WriteString("command", command);
            w.WriteBoolean("accepted", result.IsAccepted);
            if (result.Refusal is { } r)
            {
                w.WriteString("code", r.Code);
                w.WriteString("reason", r.Message);
                if (r.AllowedRange is { } range)
                {
                    w.WriteString("allowed", range);
                }

                if (r.RetryAfterSeconds is { } retry)
                {
                    w.WriteNumber("retryAfterSeconds", retry);
                }
            }
        });
    }

    /// <summary>A message that could not be read: counted and dropped; this says why.</summary>
    public static byte[] Malformed(string command, string problem) => Write(w =>
    {
        w.WriteString("command", command);
        w.WriteBoolean("accepted", false);
        w.WriteString("code", "malformed");
        w.WriteString("reason", problem);
    });

    /// <summary>Needs a person: a fault is shown, or the controller no longer commands the outputs.</summary>
    public static bool NeedsAttention(SessionStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Fault is not null || !s.OutputsUnderControl;
    }

    /// <summary>The levels the table accepts now; outside a session, the device's range (so the number entity stays usable to read).</summary>
    public static ValueRange LevelRange(SessionStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Commands.SetLevel is { Allowed: true, Levels: { } levels } ? levels : new ValueRange(1, Math.Max(1, s.MaxIntensity));
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
