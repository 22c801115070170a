using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Events;

/// <summary>What changed between two statuses, as the stream's events, in the order a person reads them.</summary>
internal static class SessionEventDiff
{
    public static IEnumerable<(string Type, object Data)> Between(SessionStatus before, SessionStatus after)
    {
        if (after.Fault is { } fault && (before.Fault is null || before.Fault.Code != fault.Code || before.Fault.At != fault.At))
        {
            yield return (EventTypes.Fault, new FaultEvent(fault.Code.ToString(), fault.Message, fault.At, after.OutputsUnderControl));
        }

        if (after.State != before.State)
        {
            yield return (EventTypes.State, new StateEvent(after.State, before.State));
        }

        if (before.Fault is not null && after.Fault is null)
        {
            yield return (EventTypes.Acknowledged, new AcknowledgedEvent(before.Fault.Code.ToString(), after.State));
        }

        if (after.Intensity != before.Intensity || after.IntensityCeiling != before.IntensityCeiling)
        {
            yield return (EventTypes.Intensity, new IntensityEvent(after.Intensity, after.MaxIntensity, after.IntensityCeiling));
        }

        if (!after.Notices.SequenceEqual(before.Notices))
        {
            yield return (EventTypes.Notices, new NoticesEvent(after.Notices));
        }

        // Last: what may be done now follows from everything above, and can change on its own (a fault's
        // cause clearing, the warm-up counting down), so clients never have to fetch the status for it.
        if (!after.Commands.Equals(before.Commands))
        {
            yield return (EventTypes.Commands, after.Commands);
        }
    }

    public static TelemetryEvent Telemetry(SessionStatus s) =>
        new(s.Heat.TemperatureC, s.Heat.TargetC, s.RemainingSeconds, s.ElapsedSeconds, s.WarmUpRemainingSeconds, s.Outputs.MotorSpeed, s.Outputs.HeaterDuty);
}

/// <summary>The notices shown in the status changed; all of them, as the status now has them.</summary>
public sealed record NoticesEvent(IReadOnlyList<string> Notices);

/// <summary>The session moved from one state to another.</summary>
public sealed record StateEvent(SessionState State, SessionState Previous);

/// <summary>The intensity or its ease-off ceiling changed.</summary>
public sealed record IntensityEvent(int Intensity, int MaxIntensity, int? Ceiling);

/// <summary>A fault latched (the one shown: the most severe and specific).</summary>
public sealed record FaultEvent(string Code, string Message, DateTimeOffset At, bool OutputsUnderControl);

/// <summary>A fault was acknowledged; the session is back in <paramref name="State"/>.</summary>
public sealed record AcknowledgedEvent(string Code, SessionState State);

/// <summary>Once a second: temperature and time.</summary>
public sealed record TelemetryEvent(double? TemperatureC, double? TargetC, int RemainingSeconds, int ElapsedSeconds, int WarmUpRemainingSeconds, double MotorSpeed, double HeaterDuty);

/// <summary>The owner applied a command: which (its type, e.g. StartSession) and who sent it (api's "token" or a paired phone, "mqtt").</summary>
public sealed record CommandEvent(string Command, string By);
