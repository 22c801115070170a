using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// The session's clocks and counters: level, ceiling, heat, duration, pause and ramp-down times, the
/// guided release schedule and the fault record. Every rule about what may happen when is a row or a
/// guard of <see cref="SessionTable"/>; this class only keeps the numbers those rows read and change.
/// Not thread-safe by design: one owner.
/// </summary>
public sealed class Session
{
    private readonly SessionClock _clock;
    private readonly TimeProvider _time;
    private readonly GuidedRelease _release = new();

    /// <param name="deviceConnected">Whether the device is connected now.</param>
    /// <param name="causeStillPresent">Null when the cause of a fault has cleared, otherwise why not.</param>
    /// <param name="deviceLatchedFaults">Faults the device itself still holds latched (they block a start).</param>
    public Session(SessionOptions options, TimeProvider time, Func<bool> deviceConnected,
        Func<FaultCode, string?> causeStillPresent, Func<DeviceFaults>? deviceLatchedFaults = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time;
        _clock = new SessionClock(time);
        DeviceConnected = deviceConnected;
        CauseStillPresent = causeStillPresent;
        DeviceLatchedFaults = deviceLatchedFaults ?? (() => DeviceFaults.None);
        Machine = SessionTable.Build(this, SessionState.Disconnected);
    }

    public SessionOptions Options { get; }

    public StateMachine<SessionState, SessionTrigger> Machine { get; }

    public SessionState State => Machine.State;

    /// <summary>Intensity levels the connected device offers (the lightest is 1).</summary>
    public int MaxLevel { get; private set; } = 1;

    /// <summary>The level the user chose; 0 when no session exists.</summary>
    public int Level { get; private set; }

    /// <summary>The level that hurt (ease-off); the user may go up to one below it. Null when none.</summary>
    public int? Ceiling { get; private set; }

    public HeatLevel Heat { get; private set; }

    public bool DeviceHasHeater { get; private set; }

    public TimeSpan Duration { get; private set; }

    /// <summary>Whether the user chose guided release for this session.</summary>
    public bool GuidedReleaseChosen { get; private set; }

    /// <summary>A guided release is climbing back up now.</summary>
    public bool GuidedReleaseActive => _release.Active;

    /// <summary>The level the release climbs to, while one is active.</summary>
    public int? GuidedReleaseTarget => _release.Active ? _release.TargetLevel : null;

    public TimeSpan? GuidedReleaseNextStepIn => _release.Active ? Max(TimeSpan.Zero, _release.NextStepAt - _clock.Elapsed) : null;

    /// <summary>The user asked for a relay auto-tune of the heat regulator, and nothing has cancelled it.</summary>
    public bool AutoTuneWanted { get; private set; }

    /// <summary>The fault shown: the most severe and specific of <see cref="Faults"/>.</summary>
    public Fault? Fault => Faults.Shown;

    /// <summary>Every cause latched since the session faulted.</summary>
    public FaultRecord Faults { get; } = new();

    public TimeSpan Elapsed => Min(_clock.Elapsed, Duration);

    public TimeSpan Remaining => Duration - Elapsed;

    public TimeSpan WarmUpRemaining => State.HasSession()
        ? Max(TimeSpan.Zero, TimeSpan.FromSeconds(Options.WarmUpSeconds) - _clock.Elapsed)
        : TimeSpan.Zero;

    /// <summary>While paused, how long until the pause limit ends the session.</summary>
    public TimeSpan? PauseRemaining => State == SessionState.Paused
        ? Max(TimeSpan.Zero, TimeSpan.FromSeconds(Options.PauseLimitSeconds) - (_clock.Now - PausedAt))
        : null;

    /// <summary>Kneading direction, derived from running time so it needs no timer of its own.</summary>
    public MotorDirection Direction =>
        (long)(_clock.Elapsed.TotalSeconds / Options.DirectionReversalSeconds) % 2 == 0
            ? MotorDirection.Clockwise
            : MotorDirection.CounterClockwise;

    /// <summary>The highest level the user may choose now: the device's, under the personal limit and the ease-off ceiling.</summary>
    public int AllowedMaxLevel => Math.Min(PersonalMaxLevel, Ceiling is { } c ? Math.Max(SessionLimits.MinLevel, c - 1) : MaxLevel);

    /// <summary>The carer's limits (stored by the host, applied here).</summary>
    public PersonalLimits Limits { get; private set; } = PersonalLimits.None;

    /// <summary>The personal level limit within the device's range.</summary>
    public int PersonalMaxLevel => Math.Clamp(Limits.MaxLevel ?? MaxLevel, SessionLimits.MinLevel, MaxLevel);

    /// <summary>
    /// New limits, from the next command on. A lower limit also brings the running session down to it
    /// at once; a higher one raises nothing.
    /// </summary>
    public void ApplyLimits(PersonalLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        if (!State.HasSession())
        {
            return;
        }

        Level = Math.Min(Level, PersonalMaxLevel);
        if (Heat > limits.MaxHeat)
        {
            Heat = limits.MaxHeat;
            AutoTuneWanted = false;
        }
    }

    /// <summary>How long the session has been finishing (ramp-down), for the motor ramp.</summary>
    public TimeSpan FinishingFor => State == SessionState.Finishing ? _clock.Now - FinishingAt : TimeSpan.Zero;

    internal Func<bool> DeviceConnected { get; }

    internal Func<FaultCode, string?> CauseStillPresent { get; }

    internal Func<DeviceFaults> DeviceLatchedFaults { get; }

    /// <summary>The command being judged: its values, read by the table's guards.</summary>
    internal Request Pending { get; private set; } = new();

    internal bool PausedDuringWarmUp { get; private set; }

    internal TimeSpan PausedAt { get; private set; }

    internal TimeSpan FinishingAt { get; private set; }

    /// <summary>The first cause that has not cleared, in the order a person should see them; null when all have.</summary>
    internal string? FirstCauseStillPresent() => Faults.All
        .OrderBy(f => f.Code.Rank())
        .Select(f => CauseStillPresent(f.Code))
        .FirstOrDefault(why => why is not null);

    public void OnDeviceConnected(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        MaxLevel = Math.Max(SessionLimits.MinLevel, info.IntensityLevels);
        DeviceHasHeater = info.HasHeater;
        Machine.Fire(SessionTrigger.DeviceConnected);
    }

    /// <summary>The link is gone. The table decides: a running session faults with LinkLost, an idle one waits.</summary>
    public void OnDeviceLost(string reason) => Machine.Fire(SessionTrigger.DeviceLost, reason);

    /// <summary>Latch a fault (outputs are switched off by whoever owns them). While faulted it joins the record.</summary>
    public void Trip(FaultCode code, string message) =>
        Machine.Fire(SessionTrigger.Fault, new Fault(code, message, _time.GetUtcNow()));

    /// <summary>Lets time act: end of warm-up, end of session, end of ramp-down, pause limit, guided release.</summary>
    public void Advance()
    {
        var elapsed = _clock.Elapsed;
        if (State == SessionState.WarmingUp && elapsed >= TimeSpan.FromSeconds(Options.WarmUpSeconds))
        {
            Machine.Fire(SessionTrigger.WarmUpElapsed);
        }

        if (State.IsRunning() && elapsed >= Duration)
        {
            Machine.Fire(SessionTrigger.DurationReached);
        }

        if (State == SessionState.Massaging && _release.IsDue(_clock.Elapsed))
        {
            Machine.Fire(SessionTrigger.ReleaseStep);
        }

        if (State == SessionState.Finishing && FinishingFor >= TimeSpan.FromSeconds(Options.FinishRampSeconds))
        {
            Machine.Fire(SessionTrigger.RampDownComplete);
        }

        if (State == SessionState.Paused && _clock.Now - PausedAt >= TimeSpan.FromSeconds(Options.PauseLimitSeconds))
        {
            Machine.Fire(SessionTrigger.PauseLimitReached);
        }
    }

    /// <summary>Asks the table; a refused command changes nothing and says why.</summary>
    public CommandResult Handle(SessionCommand command) => Ask(command, act: true);

    /// <summary>The answer <see cref="Handle"/> would give now, from the same rows and guards; nothing changes.</summary>
    public CommandResult Judge(SessionCommand command) => Ask(command, act: false);

    private CommandResult Ask(SessionCommand command, bool act)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (trigger, request) = command switch
        {
            StartSession c => (SessionTrigger.Start, new Request { Minutes = c.DurationMinutes ?? Options.DefaultDurationMinutes, Heat = c.Heat, GuidedRelease = c.GuidedRelease }),
            StopSession c => (SessionTrigger.Stop, new Request { AtMassager = c.AtMassager }),
            RaiseIntensity => (SessionTrigger.Raise, new Request { Level = Level + 1 }),
            LowerIntensity => (SessionTrigger.Lower, new Request { Level = Level - 1 }),
            SetIntensity c => (SessionTrigger.SetLevel, new Request { Level = c.Level }),
            EaseOff => (SessionTrigger.EaseOff, new Request()),
            ClearCeiling => (SessionTrigger.ClearCeiling, new Request()),
            SetHeat c => (SessionTrigger.SetHeat, new Request { Heat = c.Level }),
            PauseSession => (SessionTrigger.Pause, new Request()),
            ResumeSession => (SessionTrigger.Resume, new Request()),
            ExtendSession c => (SessionTrigger.Extend, new Request { Minutes = c.Minutes }),
            AcknowledgeFault => (SessionTrigger.Acknowledge, new Request()),
            StartAutoTune => (SessionTrigger.StartAutoTune, new Request()),
            CancelAutoTune => (SessionTrigger.CancelAutoTune, new Request()),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };

        Pending = request;
        try
        {
            if (!Machine.CanFire(trigger))
            {
                return Machine.WhyNot(trigger) is RoutineGuard guard
                    ? new CommandResult(guard.ToRefusal())
                    : CommandResult.Conflict("not-now", $"{command} is not possible in state {State}.");
            }

            if (act)
            {
                Machine.Fire(trigger);
            }

            return CommandResult.Accepted;
        }
        finally
        {
            Pending = new Request();
        }
    }

    // What the table's rows do. Each changes numbers only; none checks a rule.

    internal void BeginSession()
    {
        // Every session starts at the lightest level, whatever was used before (seed 000).
        Level = SessionLimits.MinLevel;
        Ceiling = null;
        Heat = Pending.Heat;
        Duration = TimeSpan.FromMinutes(Pending.Minutes);
        GuidedReleaseChosen = Pending.GuidedRelease;
        _release.Cancel();
        _clock.Reset();
    }

    /// <summary>How the last session ended; null before the first has ended.</summary>
    public SessionEnding? LastEnding { get; private set; }

    internal void EndSession(SessionTrigger trigger, object? argument)
    {
        LastEnding = trigger switch
        {
            SessionTrigger.Stop => Pending.AtMassager ? SessionEnding.StoppedAtMassager : SessionEnding.Stopped,
            SessionTrigger.RampDownComplete => SessionEnding.Completed,
            SessionTrigger.PauseLimitReached => SessionEnding.PausedTooLong,
            SessionTrigger.DeviceLost => SessionEnding.LinkLost,
            _ when argument is Fault { Code: FaultCode.LinkLost } => SessionEnding.LinkLost,
            _ => SessionEnding.Faulted,
        };

        // Nothing resumes: the next session starts from scratch at level 1 (seed 000).
        _clock.Reset();
        Duration = TimeSpan.Zero;
        Level = 0;
        Ceiling = null;
        Heat = HeatLevel.Off;
        GuidedReleaseChosen = false;
        AutoTuneWanted = false;
        _release.Cancel();
    }

    internal void RunClock() => _clock.Run();

    internal void HoldForPause(SessionState from)
    {
        _clock.Hold();
        PausedAt = _clock.Now;
        PausedDuringWarmUp = from == SessionState.WarmingUp;
        _release.Cancel();
    }

    internal void HoldForFinish()
    {
        _clock.Hold();
        FinishingAt = _clock.Now;
        _release.Cancel();
    }

    /// <summary>A level the user chose: it always cancels a guided release.</summary>
    internal void ChooseLevel(int level)
    {
        _release.Cancel();
        Level = level;
    }

    internal void EaseOffNow()
    {
        Ceiling = Math.Min(Ceiling ?? int.MaxValue, Level);
        Level = Math.Max(SessionLimits.MinLevel, Level - 2);
        // A release under way is replaced by the new one (Begin starts afresh, or ends it when the new
        // ceiling leaves nothing to climb to); without guided release chosen none is ever under way.
        if (GuidedReleaseChosen)
        {
            _release.Begin(Level, AllowedMaxLevel, TimeSpan.FromSeconds(Options.GuidedReleaseSeconds), _clock.Elapsed);
        }
    }

    internal void ReleaseOneLevel()
    {
        // Never past the ceiling, whatever the schedule says: the target was one below it when the
        // release began, and the ceiling can only have come down since.
        Level = Math.Min(Level + 1, Math.Min(_release.TargetLevel, AllowedMaxLevel));
        _release.Stepped(Level, _clock.Elapsed);
    }

    internal void ClearCeilingNow() => Ceiling = null;

    internal void ChooseHeat()
    {
        Heat = Pending.Heat;
        AutoTuneWanted = false; // the target it was tuning around is gone
    }

    internal void ExtendBy() => Duration += TimeSpan.FromMinutes(Pending.Minutes);

    internal void WantAutoTune(bool wanted) => AutoTuneWanted = wanted;

    internal void Record(Fault fault) => Faults.Add(fault);

    internal void RecordLinkLost(string reason) => Faults.Add(new Fault(FaultCode.LinkLost,
        $"The connection to the massager was lost ({reason}); everything has been switched off.", _time.GetUtcNow()));

    internal void ClearFaultRecord() => Faults.Clear();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The values of the command being judged.</summary>
    internal sealed record Request
    {
        public int Minutes { get; init; }

        public HeatLevel Heat { get; init; }

        public int Level { get; init; }

        public bool GuidedRelease { get; init; }

        /// <summary>A stop from the massager's own button.</summary>
        public bool AtMassager { get; init; }
    }
}
