using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// What the controller shows: one immutable snapshot built from the session, the device, the last
/// accepted temperature and what was commanded. Nothing here decides anything; it only projects.
/// </summary>
internal static class StatusProjection
{
    public static SessionStatus Build(Session s, IMassagerDevice device, double temperatureC, HeatOptions heat,
        OutputStage outputs, AutoTuneStatus autoTune, IReadOnlyList<string> notices)
    {
        var info = device.IsConnected ? device.Info : null;
        var target = heat.TargetFor(s.Heat);
        var shown = s.Fault;
        return new SessionStatus(
            s.State,
            s.Level,
            s.MaxLevel,
            s.Ceiling,
            ShownDirection(s, outputs),
            new HeatStatus(s.Heat, double.IsNaN(target) ? null : target,
                double.IsNaN(temperatureC) || info is null ? null : Math.Round(temperatureC, 1)),
            (int)s.Duration.TotalSeconds,
            (int)s.Elapsed.TotalSeconds,
            (int)Math.Ceiling(s.Remaining.TotalSeconds),
            (int)Math.Ceiling(s.WarmUpRemaining.TotalSeconds),
            shown is null ? null : new FaultStatus(shown.Code, shown.Message, shown.At,
                s.Faults.All.Where(f => f != shown).Select(f => new FaultEntry(f.Code, f.Message, f.At)).ToList()),
            new OutputStatus(Math.Round(outputs.Commanded.MotorSpeed, 3), Math.Round(outputs.Commanded.HeaterDuty, 3)),
            info is null ? null : new DeviceStatus(info.Model, info.FirmwareVersion, info.HasHeater),
            autoTune,
            !s.Faults.All.Any(f => f.Code.MeansOutputsOutOfControl()),
            s.PauseRemaining is { } p ? (int)Math.Ceiling(p.TotalSeconds) : null,
            new GuidedReleaseStatus(s.GuidedReleaseChosen, s.GuidedReleaseActive, s.GuidedReleaseTarget,
                s.GuidedReleaseNextStepIn is { } n ? (int)Math.Ceiling(n.TotalSeconds) : null),
            [.. notices],
            s.Limits,
            CommandChoices.Of(s),
            s.LastEnding);
    }

    /// <summary>
    /// The way the motor turns now: while it slows down before a reversal the session already wants the
    /// other way, but the neck still feels the old one. Standing still, the way it will turn next.
    /// </summary>
    private static MotorDirection ShownDirection(Session s, OutputStage outputs) => outputs.SignedSpeed switch
    {
        > 0 => MotorDirection.Clockwise,
        < 0 => MotorDirection.CounterClockwise,
        _ => s.Direction,
    };
}
