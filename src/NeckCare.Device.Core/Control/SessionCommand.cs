using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Control;

/// <summary>What a user (API, UI, script) can ask of the session. Everything else is time or the device.</summary>
public abstract record SessionCommand;

/// <param name="GuidedRelease">Opt in to guided release after an ease-off (docs/routine.md section 2).</param>
public sealed record StartSession(int? DurationMinutes, HeatLevel Heat, bool GuidedRelease = false) : SessionCommand;

/// <summary>The stop: motor and heater off at once, from any state. Idempotent.</summary>
public sealed record StopSession(bool AtMassager = false) : SessionCommand;

public sealed record RaiseIntensity : SessionCommand;

public sealed record LowerIntensity : SessionCommand;

public sealed record SetIntensity(int Level) : SessionCommand;

/// <summary>"Too much": two levels down at once, and the level that hurt becomes a ceiling.</summary>
public sealed record EaseOff : SessionCommand;

public sealed record ClearCeiling : SessionCommand;

public sealed record SetHeat(HeatLevel Level) : SessionCommand;

public sealed record PauseSession : SessionCommand;

public sealed record ResumeSession : SessionCommand;

public sealed record ExtendSession(int Minutes) : SessionCommand;

public sealed record AcknowledgeFault : SessionCommand;

/// <summary>The carer's limits and defaults (see <see cref="Sessions.PersonalLimits"/>), from the next command on.</summary>
public sealed record SetPersonalLimits(Sessions.PersonalLimits Limits) : SessionCommand;

/// <summary>Withdraws a notice from the status once someone has read it (it is not a fault: nothing else changes).</summary>
public sealed record DismissNotice(string Notice) : SessionCommand;

/// <summary>
/// Relay auto-tune of the heat regulator. Runs only inside a session with heat on, under every guard,
/// oscillating 1 °C below the current target; ends (and is abandoned) with the session or its heat.
/// </summary>
public sealed record StartAutoTune : SessionCommand;

public sealed record CancelAutoTune : SessionCommand;
