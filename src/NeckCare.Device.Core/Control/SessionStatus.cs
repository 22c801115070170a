using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Control;

/// <summary>An immutable snapshot of everything a UI shows; published by the owner after every change.</summary>
public sealed record SessionStatus(
    SessionState State,
    int Intensity,
    int MaxIntensity,
    int? IntensityCeiling,
    MotorDirection Direction,
    HeatStatus Heat,
    int DurationSeconds,
    int ElapsedSeconds,
    int RemainingSeconds,
    int WarmUpRemainingSeconds,
    FaultStatus? Fault,
    OutputStatus Outputs,
    DeviceStatus? Device,
    AutoTuneStatus AutoTune,
    bool OutputsUnderControl,
    int? PauseRemainingSeconds,
    GuidedReleaseStatus GuidedRelease,
    IReadOnlyList<string> Notices,
    PersonalLimits Limits,
    SessionCommands Commands,
    SessionEnding? LastEnding);

/// <summary>Guided release: chosen for this session, climbing now, to which level, and when the next step comes.</summary>
public sealed record GuidedReleaseStatus(bool Chosen, bool Active, int? TargetLevel, int? NextStepInSeconds);

public sealed record HeatStatus(HeatLevel Level, double? TargetC, double? TemperatureC);

/// <summary>The fault shown (the most severe and specific), and the others active with it.</summary>
public sealed record FaultStatus(FaultCode Code, string Message, DateTimeOffset At, IReadOnlyList<FaultEntry> Others);

public sealed record FaultEntry(FaultCode Code, string Message, DateTimeOffset At);

/// <summary>What the host commands right now: motor speed and heater duty as fractions.</summary>
public sealed record OutputStatus(double MotorSpeed, double HeaterDuty);

public sealed record DeviceStatus(string Model, string FirmwareVersion, bool HasHeater);

/// <summary>The heat regulator's relay auto-tune: what it is doing and, once done, what it found.</summary>
public sealed record AutoTuneStatus(
    AutoTuneState State, int PeaksSeen, int PeaksNeeded, double? TargetC,
    double? Kp, double? Ki, double? Kd, double? UltimateGain, double? UltimatePeriodSeconds);

public enum AutoTuneState
{
    NotRun,
    Running,
    Completed,
    Aborted,
}
