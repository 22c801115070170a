using System.Globalization;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// The routine of ROUTINE.md sections 1–3: what the user may do when, and what time does on its own.
/// It decides levels and states; it does not touch hardware. Not thread-safe by design: one owner.
/// </summary>
public sealed class Session
{
    private readonly SessionOptions _options;
    private readonly SessionClock _clock;
    private readonly TimeProvider _time;
    private readonly Func<bool> _deviceConnected;
    private readonly Func<FaultCode, string?> _faultStillPresent;
    private readonly StateMachine<SessionState, SessionTrigger> _machine;

    private Fault? _pendingFault;
    private bool _pausedDuringWarmUp;
    private TimeSpan _pausedAt;
    private TimeSpan _finishingAt;

    /// <param name="faultStillPresent">Null when the fault's cause has cleared, otherwise why not.</param>
    public Session(SessionOptions options, TimeProvider time, Func<bool> deviceConnected, Func<FaultCode, string?> faultStillPresent)
    {
        _options = options;
        _time = time;
        _clock = new SessionClock(time);
        _deviceConnected = deviceConnected;
        _faultStillPresent = faultStillPresent;
        _machine = SessionTable.Build(SessionState.Disconnected, new SessionGuards(
            () => _pausedDuringWarmUp,
            () => Fault is not null && _faultStillPresent(Fault.Code) is null,
            _deviceConnected));

        _machine.Configure(SessionState.WarmingUp).OnEntry(_ => _clock.Run());
        _machine.Configure(SessionState.Massaging).OnEntry(_ => _clock.Run());
        _machine.Configure(SessionState.Paused).OnEntry(_ =>
        {
            _clock.Hold();
            _pausedAt = _clock.Now;
        });
        _machine.Configure(SessionState.Finishing).OnEntry(_ =>
        {
            _clock.Hold();
            _finishingAt = _clock.Now;
        });
        _machine.Configure(SessionState.Idle).OnEntry(_ => EndSession());
        _machine.Configure(SessionState.Disconnected).OnEntry(_ => EndSession());
        _machine.Configure(SessionState.Faulted).OnEntry(_ =>
        {
            Fault = _pendingFault;
            _pendingFault = null;
            EndSession();
        });
        _machine.Configure(SessionState.Faulted).OnExit(_ => Fault = null);
    }

    public SessionState State => _machine.State;

    /// <summary>Intensity levels the connected device offers (the lightest is 1).</summary>
    public int MaxLevel { get; private set; } = 1;

    /// <summary>The level the user chose; 0 when no session exists.</summary>
    public int Level { get; private set; }

    /// <summary>The level that hurt (ease-off); the user may go up to one below it. Null when none.</summary>
    public int? Ceiling { get; private set; }

    public HeatLevel Heat { get; private set; }

    public bool DeviceHasHeater { get; private set; }

    public TimeSpan Duration { get; private set; }

    public Fault? Fault { get; private set; }

    public TimeSpan Elapsed => Min(_clock.Elapsed, Duration);

    public TimeSpan Remaining => Duration - Elapsed;

    public TimeSpan WarmUpRemaining => State.HasSession()
        ? Max(TimeSpan.Zero, TimeSpan.FromSeconds(_options.WarmUpSeconds) - _clock.Elapsed)
        : TimeSpan.Zero;

    /// <summary>Kneading direction, derived from running time so it needs no timer of its own.</summary>
    public MotorDirection Direction =>
        (long)(_clock.Elapsed.TotalSeconds / _options.DirectionReversalSeconds) % 2 == 0
            ? MotorDirection.Clockwise
            : MotorDirection.CounterClockwise;

    /// <summary>The highest level the user may choose now.</summary>
    public int AllowedMaxLevel => Ceiling is { } c ? Math.Max(SessionLimits.MinLevel, c - 1) : MaxLevel;

    /// <summary>How long the session has been finishing (ramp-down), for the motor ramp.</summary>
    public TimeSpan FinishingFor => State == SessionState.Finishing ? _clock.Now - _finishingAt : TimeSpan.Zero;

    public StateMachine<SessionState, SessionTrigger> Machine => _machine;

    public void OnDeviceConnected(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        MaxLevel = Math.Max(SessionLimits.MinLevel, info.IntensityLevels);
        DeviceHasHeater = info.HasHeater;
        _machine.Fire(SessionTrigger.DeviceConnected);
    }

    /// <summary>The link is gone: a running session becomes a latched fault; an idle one just waits.</summary>
    public void OnDeviceLost(string reason)
    {
        if (State.HasSession())
        {
            Trip(FaultCode.LinkLost, $"The connection to the massager was lost ({reason}); everything has been switched off.");
            return;
        }

        _machine.Fire(SessionTrigger.DeviceLost);
    }

    /// <summary>Latch a fault. The first one wins; outputs are switched off by whoever owns them.</summary>
    public void Trip(FaultCode code, string message)
    {
        if (State == SessionState.Faulted)
        {
            return;
        }

        _pendingFault = new Fault(code, message, _time.GetUtcNow());
        _machine.Fire(SessionTrigger.Fault);
    }

    /// <summary>Lets time act: end of warm-up, end of session, end of ramp-down, pause limit.</summary>
    public void Advance()
    {
        var elapsed = _clock.Elapsed;
        if (State == SessionState.WarmingUp && elapsed >= TimeSpan.FromSeconds(_options.WarmUpSeconds))
        {
            _machine.Fire(SessionTrigger.WarmUpElapsed);
        }

        if (State.IsRunning() && elapsed >= Duration)
        {
            _machine.Fire(SessionTrigger.DurationReached);
        }

        if (State == SessionState.Finishing && FinishingFor >= TimeSpan.FromSeconds(_options.FinishRampSeconds))
        {
            _machine.Fire(SessionTrigger.RampDownComplete);
        }

        if (State == SessionState.Paused && _clock.Now - _pausedAt >= TimeSpan.FromSeconds(_options.PauseLimitSeconds))
        {
            _machine.Fire(SessionTrigger.PauseLimitReached);
        }
    }

    public CommandResult Handle(SessionCommand command) => command switch
    {
        StartSession c => Start(c),
        StopSession => Stop(),
        RaiseIntensity => ChangeLevel(Level + 1, raising: true),
        LowerIntensity => Lower(),
        SetIntensity c => Set(c.Level),
        EaseOff => EaseOffNow(),
        ClearCeiling => ClearCeilingNow(),
        SetHeat c => SetHeatLevel(c.Level),
        PauseSession => Pause(),
        ResumeSession => Resume(),
        ExtendSession c => Extend(c.Minutes),
        AcknowledgeFault => Acknowledge(),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    private CommandResult Start(StartSession c)
    {
        var minutes = c.DurationMinutes ?? _options.DefaultDurationMinutes;
        if (minutes is < SessionLimits.MinMinutes or > SessionLimits.MaxMinutes)
        {
            return CommandResult.Invalid("durationMinutes", $"{SessionLimits.MinMinutes}–{SessionLimits.MaxMinutes}",
                $"durationMinutes must be between {SessionLimits.MinMinutes} and {SessionLimits.MaxMinutes} minutes (was {minutes}).");
        }

        if (!Enum.IsDefined(c.Heat))
        {
            return CommandResult.Invalid("heat", "Off, Low, High", "heat must be one of Off, Low, High.");
        }

        if (State != SessionState.Idle)
        {
            return NotIdle();
        }

        if (c.Heat != HeatLevel.Off && !DeviceHasHeater)
        {
            return CommandResult.Conflict("no-heater", "This massager has no heater; start with heat Off.");
        }

        // Every session starts at the lightest level, whatever was used before (seed 000).
        Level = SessionLimits.MinLevel;
        Ceiling = null;
        Heat = c.Heat;
        Duration = TimeSpan.FromMinutes(minutes);
        _clock.Reset();
        _machine.Fire(SessionTrigger.Start);
        return CommandResult.Accepted;
    }

    private CommandResult NotIdle() => State switch
    {
        SessionState.Disconnected => CommandResult.Conflict("no-device", "No massager is connected."),
        SessionState.Faulted => CommandResult.Conflict("fault-latched",
            $"A fault is latched ({Fault?.Code}): {Fault?.Message} Acknowledge it first."),
        _ => CommandResult.Conflict("session-running", "A session is already running; stop it first."),
    };

    private CommandResult Stop()
    {
        _machine.Fire(SessionTrigger.Stop);
        return CommandResult.Accepted;
    }

    private CommandResult Lower()
    {
        if (Level <= SessionLimits.MinLevel && State.IsRunning())
        {
            return CommandResult.Conflict("at-lightest", "Already at the lightest level.");
        }

        return ChangeLevel(Level - 1, raising: false);
    }

    private CommandResult Set(int level)
    {
        if (level < SessionLimits.MinLevel || level > MaxLevel)
        {
            return CommandResult.Invalid("level", $"{SessionLimits.MinLevel}–{MaxLevel}",
                $"level must be between {SessionLimits.MinLevel} and {MaxLevel} (was {level}).");
        }

        return ChangeLevel(level, raising: level > Level);
    }

    private CommandResult ChangeLevel(int level, bool raising)
    {
        if (!State.IsRunning())
        {
            return NotRunning();
        }

        if (raising && State == SessionState.WarmingUp)
        {
            var left = (int)Math.Ceiling(WarmUpRemaining.TotalSeconds);
            return CommandResult.Conflict("warm-up",
                string.Create(CultureInfo.InvariantCulture, $"Warming up: intensity can be raised in {left} s."), left);
        }

        if (raising && level > MaxLevel)
        {
            return CommandResult.Conflict("at-strongest", $"Already at the strongest level ({MaxLevel}).");
        }

        if (raising && level > AllowedMaxLevel)
        {
            return CommandResult.Conflict("ceiling",
                $"Level {level} is at or above your ease-off ceiling ({Ceiling}); clear the ceiling to go higher.");
        }

        Level = level;
        return CommandResult.Accepted;
    }

    private CommandResult NotRunning() => State switch
    {
        SessionState.Paused => CommandResult.Conflict("paused", "The session is paused; resume it first."),
        SessionState.Finishing => CommandResult.Conflict("finishing", "The session is finishing."),
        _ => CommandResult.Conflict("no-session", "No session is running."),
    };

    private CommandResult EaseOffNow()
    {
        if (!(State.IsRunning() || State == SessionState.Paused))
        {
            return NotRunning();
        }

        Ceiling = Math.Min(Ceiling ?? int.MaxValue, Level);
        Level = Math.Max(SessionLimits.MinLevel, Level - 2);
        return CommandResult.Accepted;
    }

    private CommandResult ClearCeilingNow()
    {
        if (!(State.IsRunning() || State == SessionState.Paused))
        {
            return NotRunning();
        }

        Ceiling = null;
        return CommandResult.Accepted;
    }

    private CommandResult SetHeatLevel(HeatLevel level)
    {
        if (!Enum.IsDefined(level))
        {
            return CommandResult.Invalid("level", "Off, Low, High", "level must be one of Off, Low, High.");
        }

        if (!(State.IsRunning() || State == SessionState.Paused))
        {
            // Heat never runs without a session (ROUTINE.md section 1).
            return CommandResult.Conflict("no-session", "Heat can only be switched during a session.");
        }

        if (level != HeatLevel.Off && !DeviceHasHeater)
        {
            return CommandResult.Conflict("no-heater", "This massager has no heater.");
        }

        Heat = level;
        return CommandResult.Accepted;
    }

    private CommandResult Pause()
    {
        if (!State.IsRunning())
        {
            return NotRunning();
        }

        _pausedDuringWarmUp = State == SessionState.WarmingUp;
        _machine.Fire(SessionTrigger.Pause);
        return CommandResult.Accepted;
    }

    private CommandResult Resume()
    {
        if (State != SessionState.Paused)
        {
            return CommandResult.Conflict("not-paused", "The session is not paused.");
        }

        _machine.Fire(SessionTrigger.Resume);
        return CommandResult.Accepted;
    }

    private CommandResult Extend(int minutes)
    {
        var room = SessionLimits.MaxMinutes - (int)Duration.TotalMinutes;
        if (!State.HasSession() || State == SessionState.Finishing)
        {
            return NotRunning();
        }

        if (room < 1)
        {
            return CommandResult.Conflict("at-cap", $"The session is already {SessionLimits.MaxMinutes} minutes long, the maximum.");
        }

        if (minutes < 1 || minutes > room)
        {
            return CommandResult.Invalid("minutes", $"1–{room}",
                $"minutes must be between 1 and {room}: a session lasts at most {SessionLimits.MaxMinutes} minutes in total (was {minutes}).");
        }

        Duration += TimeSpan.FromMinutes(minutes);
        return CommandResult.Accepted;
    }

    private CommandResult Acknowledge()
    {
        if (State != SessionState.Faulted || Fault is null)
        {
            return CommandResult.Accepted; // Nothing latched: acknowledging is idempotent.
        }

        if (_faultStillPresent(Fault.Code) is { } why)
        {
            return CommandResult.Conflict("cause-present", $"The fault cannot be acknowledged yet: {why}");
        }

        _machine.Fire(SessionTrigger.Acknowledge);
        return CommandResult.Accepted;
    }

    private void EndSession()
    {
        // Nothing resumes: the next session starts from scratch at level 1 (seed 000).
        _clock.Reset();
        Duration = TimeSpan.Zero;
        Level = 0;
        Ceiling = null;
        Heat = HeatLevel.Off;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
