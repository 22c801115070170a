using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// The conditions of the session table, each with the refusal a person gets when it is not met.
/// They read the session's numbers and the command being judged; they change nothing.
/// </summary>
internal sealed class SessionGuards(Session s)
{
    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Values (422).
    public RoutineGuard DurationInRange { get; } = RoutineGuard.Invalid("durationMinutes", "5–15 minutes",
        () => s.Pending.Minutes is >= SessionLimits.MinMinutes and <= SessionLimits.MaxMinutes,
        () => Inv($"{SessionLimits.MinMinutes}–{SessionLimits.MaxMinutes}"),
        () => Inv($"durationMinutes must be between {SessionLimits.MinMinutes} and {SessionLimits.MaxMinutes} minutes (was {s.Pending.Minutes})."));

    public RoutineGuard HeatIsALevel { get; } = RoutineGuard.Invalid("heat", "Off, Low or High",
        () => Enum.IsDefined(s.Pending.Heat), () => "Off, Low, High", () => "heat must be one of Off, Low, High.");

    public RoutineGuard HeatLevelIsALevel { get; } = RoutineGuard.Invalid("level", "Off, Low or High",
        () => Enum.IsDefined(s.Pending.Heat), () => "Off, Low, High", () => "level must be one of Off, Low, High.");

    public RoutineGuard LevelInRange { get; } = RoutineGuard.Invalid("level", "1 to the device's levels",
        () => s.Pending.Level >= SessionLimits.MinLevel && s.Pending.Level <= s.MaxLevel,
        () => Inv($"{SessionLimits.MinLevel}–{s.MaxLevel}"),
        () => Inv($"level must be between {SessionLimits.MinLevel} and {s.MaxLevel} (was {s.Pending.Level})."));

    public RoutineGuard ExtensionInRange { get; } = RoutineGuard.Invalid("minutes", "1 to what is left of 15 minutes",
        () => s.Pending.Minutes >= 1 && s.Pending.Minutes <= Room(s),
        () => Inv($"1–{Room(s)}"),
        () => Inv($"minutes must be between 1 and {Room(s)}: a session lasts at most {SessionLimits.MaxMinutes} minutes in total (was {s.Pending.Minutes})."));

    // Rules (409).
    public RoutineGuard HeaterFittedForHeat { get; } = RoutineGuard.Conflict("no-heater", "heat only with a heater",
        () => s.Pending.Heat == HeatLevel.Off || s.DeviceHasHeater,
        () => "This massager has no heater; choose heat Off.");

    public RoutineGuard DeviceHoldsNoFault { get; } = RoutineGuard.Conflict("device-fault", "the device holds no latched fault",
        () => s.DeviceLatchedFaults() == DeviceFaults.None,
        () => s.DeviceLatchedFaults() == DeviceFaults.ButtonStop
            ? "The massager's stop button was just pressed; it releases the stop a moment after the session ended. Try again."
            : $"The massager still reports a fault ({s.DeviceLatchedFaults()}); it clears once the cause is gone (for example when the pad has cooled).");

    public RoutineGuard WarmUpOver { get; } = RoutineGuard.Conflict("warm-up", "warm-up over",
        () => s.State != SessionState.WarmingUp,
        () => Inv($"Warming up: intensity can be raised in {WarmUpSecondsLeft(s)} s."),
        () => WarmUpSecondsLeft(s));

    public RoutineGuard WarmUpOverToRaise { get; } = RoutineGuard.Conflict("warm-up", "warm-up over, to raise",
        () => s.Pending.Level <= s.Level || s.State != SessionState.WarmingUp,
        () => Inv($"Warming up: intensity can be raised in {WarmUpSecondsLeft(s)} s."),
        () => WarmUpSecondsLeft(s));

    public RoutineGuard BelowStrongest { get; } = RoutineGuard.Conflict("at-strongest", "below the strongest level",
        () => s.Pending.Level <= s.MaxLevel,
        () => Inv($"Already at the strongest level ({s.MaxLevel})."));

    public RoutineGuard BelowCeiling { get; } = RoutineGuard.Conflict("ceiling", "below the ease-off ceiling",
        () => s.Pending.Level <= s.AllowedMaxLevel || s.Pending.Level <= s.Level,
        () => Inv($"Level {s.Pending.Level} is at or above your ease-off ceiling ({s.Ceiling}); clear the ceiling to go higher."));

    public RoutineGuard WithinPersonalLevel { get; } = RoutineGuard.Conflict("personal-limit", "within the personal level limit",
        () => s.Pending.Level <= s.PersonalMaxLevel || s.Pending.Level <= s.Level,
        () => Inv($"Level {s.Pending.Level} is above the personal limit ({s.PersonalMaxLevel}) set for this massager; it can be changed in Settings."));

    public RoutineGuard HeatWithinPersonalLimit { get; } = RoutineGuard.Conflict("personal-limit", "within the personal heat limit",
        () => s.Pending.Heat <= s.Limits.MaxHeat,
        () => Inv($"Heat {s.Pending.Heat} is above the personal limit ({s.Limits.MaxHeat}) set for this massager; it can be changed in Settings."));

    public RoutineGuard AboveLightest { get; } = RoutineGuard.Conflict("at-lightest", "above the lightest level",
        () => s.Pending.Level >= SessionLimits.MinLevel,
        () => "Already at the lightest level.");

    public RoutineGuard BelowCap { get; } = RoutineGuard.Conflict("at-cap", "shorter than 15 minutes",
        () => Room(s) >= 1,
        () => Inv($"The session is already {SessionLimits.MaxMinutes} minutes long, the maximum."));

    public RoutineGuard HeatIsOn { get; } = RoutineGuard.Conflict("no-heat", "heat on",
        () => s.Heat != HeatLevel.Off,
        () => "Auto-tune runs during a session with heat on; start one with heat Low or High.");

    public RoutineGuard EveryCauseCleared { get; } = RoutineGuard.Conflict("cause-present", "every cause cleared",
        () => s.FirstCauseStillPresent() is null,
        () => $"The fault cannot be acknowledged yet: {s.FirstCauseStillPresent()}");

    // Selectors: which of two rows applies. Never a reason for a refusal.
    public GuardCondition PausedDuringWarmUp { get; } = new(() => s.PausedDuringWarmUp, "paused during warm-up");

    public GuardCondition PausedAfterWarmUp { get; } = new(() => !s.PausedDuringWarmUp, "paused after warm-up");

    public GuardCondition Connected { get; } = new(() => s.DeviceConnected(), "device connected");

    public GuardCondition NotConnected { get; } = new(() => !s.DeviceConnected(), "device not connected");

    // Refusals that always apply in the state that declares them.
    public RoutineGuard NoDevice { get; } = RoutineGuard.Always("no-device", "No massager is connected.");

    public RoutineGuard NoSession { get; } = RoutineGuard.Always("no-session", "No session is running.");

    public RoutineGuard NoSessionForHeat { get; } = RoutineGuard.Always("no-session", "Heat can only be switched during a session.");

    public RoutineGuard NotPaused { get; } = RoutineGuard.Always("not-paused", "The session is not paused.");

    public RoutineGuard Paused { get; } = RoutineGuard.Always("paused", "The session is paused; resume it first.");

    public RoutineGuard Finishing { get; } = RoutineGuard.Always("finishing", "The session is finishing.");

    public RoutineGuard SessionRunning { get; } = RoutineGuard.Always("session-running", "A session is already running; stop it first.");

    public RoutineGuard NoHeat { get; } = RoutineGuard.Always("no-heat", "Auto-tune runs during a session with heat on; start one with heat Low or High.");

    public RoutineGuard FaultLatched { get; } = RoutineGuard.Conflict("fault-latched", "no fault latched", () => false,
        () => $"A fault is latched ({s.Fault?.Code}): {s.Fault?.Message} Acknowledge it first.");

    private static int Room(Session s) => SessionLimits.MaxMinutes - (int)s.Duration.TotalMinutes;

    private static int WarmUpSecondsLeft(Session s) => (int)Math.Ceiling(s.WarmUpRemaining.TotalSeconds);
}
