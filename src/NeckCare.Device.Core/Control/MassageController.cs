using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// The single owner of the massager: it runs the session, the regulator and the guards, and is the only
/// code that sets outputs. Whoever hosts it calls <see cref="Handle"/>, <see cref="TickAsync"/> and
/// <see cref="Tick"/> from one loop; others read <see cref="Status"/>. Every path that is not a running
/// session ends with motor and heater off.
/// </summary>
public sealed class MassageController
{
    private readonly IMassagerDevice _device;
    private readonly SessionOptions _sessionOptions;
    private readonly HeatOptions _heatOptions;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Session _session;
    private readonly HeatRegulator _regulator;
    private readonly ThermalGuard _thermal;
    private readonly MotorGuard _motor;
    private readonly MotorRamp _ramp = new();
    private DeviceReadings _readings = DeviceReadings.None;
    private double _heaterDuty;
    private double _finishFromSpeed;
    private TimeSpan? _lastTick;
    private RelayAutoTuner? _tuner;
    private DeviceFaults _knownDeviceFaults;
    private AutoTuneState _tuneState = AutoTuneState.NotRun;

    public MassageController(IMassagerDevice device, SessionOptions session, HeatOptions heat, SafetyOptions safety, TimeProvider time)
    {
        _device = device;
        _sessionOptions = session;
        _heatOptions = heat;
        _time = time;
        _origin = time.GetTimestamp();
        _regulator = new HeatRegulator(heat);
        _thermal = new ThermalGuard(safety);
        _motor = new MotorGuard(safety);
        _session = new Session(session, time, () => _device.IsConnected, StillPresent);
        _session.Machine.Transitioned += OnTransition;
        _status = BuildStatus();
    }

    private volatile SessionStatus _status;

    /// <summary>The latest snapshot; safe to read from any thread (the reference is swapped atomically).</summary>
    public SessionStatus Status { get => _status; private set => _status = value; }

    public SessionState State => _session.State;

    /// <summary>The last reason a connection attempt failed, for logs and health checks.</summary>
    public string? LastConnectError { get; private set; }

    public HeatRegulator Regulator => _regulator;

    /// <summary>The last completed auto-tune (its gains are already in use).</summary>
    public AutoTuneResult? LastAutoTune { get; private set; }

    /// <summary>Raised on the owner loop when an auto-tune completes, so the host can keep the gains.</summary>
    public event Action<AutoTuneResult>? AutoTuneCompleted;

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Connects and hands the device's capabilities to the session. Outputs are off afterwards.</summary>
    public async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await _device.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _device.StopAll();
            _thermal.Reset(Now);
            _motor.Reset();
            _knownDeviceFaults = DeviceFaults.None;
            _lastTick = null;
            LastConnectError = null;
            _session.OnDeviceConnected(info);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LastConnectError = ex.Message;
            _device.StopAll();
            return false;
        }
        finally
        {
            Status = BuildStatus();
        }
    }

    public CommandResult Handle(SessionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is StopSession)
        {
            // The stop does not wait for anything: outputs first, bookkeeping after.
            CutOutputs();
        }

        if (command is AcknowledgeFault)
        {
            _device.ClearFaults();
        }

        if (command is StartSession && _session.State == SessionState.Idle && ReportedFaults(_readings) is not DeviceFaults.None and var still)
        {
            Status = BuildStatus();
            return CommandResult.Conflict("device-fault",
                $"The massager still reports a fault ({still}); it clears once the cause is gone (for example when the pad has cooled).");
        }

        var result = command switch
        {
            StartAutoTune => BeginAutoTune(),
            CancelAutoTune => EndAutoTune(AutoTuneState.Aborted),
            _ => _session.Handle(command),
        };
        if (result.IsAccepted && command is SetHeat)
        {
            EndAutoTune(AutoTuneState.Aborted); // the target it was tuning around is gone
        }

        if (result.IsAccepted && command is StartSession)
        {
            _thermal.StartSession();
            _regulator.Reset();
        }

        if (!_session.State.IsRunning() && _session.State != SessionState.Finishing)
        {
            CutOutputs();
        }

        Status = BuildStatus();
        return result;
    }

    /// <summary>One control period: device events, readings, guards, time, regulation, outputs.</summary>
    public void Tick()
    {
        var now = Now;
        var dt = _lastTick is { } last ? (now - last).TotalSeconds : 0;
        _lastTick = now;

        DrainDeviceEvents();
        if (!_device.IsConnected)
        {
            if (_session.State is not (SessionState.Disconnected or SessionState.Faulted))
            {
                _session.OnDeviceLost("no answer from the device");
            }

            CutOutputs();
            Status = BuildStatus();
            return;
        }

        _readings = _device.Read();
        if (_session.State.HasSession() && dt > SafetyLimits.ControlLoopStallAfter.TotalSeconds)
        {
            TripAndCut(new Trip(FaultCode.ControlLoopStalled,
                "The controller was held up for too long; everything has been switched off."));
        }

        Guard(now);
        _session.Advance();
        ApplyOutputs(dt);
        Status = BuildStatus();
    }

    private void DrainDeviceEvents()
    {
        while (_device.Events.TryRead(out var e))
        {
            switch (e)
            {
                case StopButtonPressed:
                    Handle(new StopSession());
                    break;
                case DeviceReportedFault f:
                    TripAndCut(new Trip(FaultCode.DeviceFault, $"The massager reported a fault: {f.Detail}. Everything has been switched off."));
                    break;
                case DeviceDisconnected d:
                    CutOutputs();
                    if (_session.State is not (SessionState.Disconnected or SessionState.Faulted))
                    {
                        _session.OnDeviceLost(d.Reason);
                    }

                    break;
            }
        }
    }

    private void Guard(TimeSpan now)
    {
        if (_session.State == SessionState.Disconnected)
        {
            return;
        }

        var target = TargetNow();
        var trip = _thermal.Check(_readings, _heaterDuty, target, now)
            ?? _motor.Check(_readings, Math.Abs(_ramp.Speed), now);
        // Device faults trip when they appear; a latch the device keeps after the user acknowledged
        // does not trip again, but it does block the next start (see Handle).
        var reported = ReportedFaults(_readings);
        var fresh = reported & ~_knownDeviceFaults;
        _knownDeviceFaults = reported;
        if (trip is null && fresh != DeviceFaults.None)
        {
            trip = new Trip(FaultCode.DeviceFault, $"The massager reported a fault ({fresh}); everything has been switched off.");
        }

        if (trip is not null)
        {
            TripAndCut(trip);
        }
    }

    private void TripAndCut(Trip trip)
    {
        CutOutputs();
        _session.Trip(trip.Code, trip.Message);
    }

    private double? TargetNow() =>
        _session.State.IsRunning() && _session.Heat != HeatLevel.Off ? _heatOptions.TargetFor(_session.Heat) : null;

    private void ApplyOutputs(double dt)
    {
        var state = _session.State;
        if (state.IsRunning())
        {
            var sign = _session.Direction == MotorDirection.Clockwise ? 1 : -1;
            var target = sign * (double)_session.Level / _session.MaxLevel;
            var rate = 1.0 / _session.MaxLevel / _sessionOptions.LevelRampSeconds;
            _ramp.Step(target, rate, dt);
            _finishFromSpeed = Math.Abs(_ramp.Speed);
            _heaterDuty = TargetNow() is null ? 0
                : _tuner is not null ? TuneStep()
                : _regulator.Update(_session.Heat, _thermal.LastTemperatureC, dt);
        }
        else if (state == SessionState.Finishing)
        {
            // Ramp down over FinishRampSeconds from wherever the motor was; heat goes off at once.
            _ramp.Step(0, _finishFromSpeed / _sessionOptions.FinishRampSeconds, dt);
            _heaterDuty = 0;
            _regulator.Reset();
        }
        else
        {
            CutOutputs();
            return;
        }

        // The envelope, enforced where outputs leave the domain: never above full scale or the
        // configured heater maximum, never heat without a running session.
        var speed = Math.Clamp(Math.Abs(_ramp.Speed), 0, 1);
        var duty = state.IsRunning() ? Math.Clamp(_heaterDuty, 0, _heatOptions.MaxHeaterDuty) : 0;
        _heaterDuty = duty;
        _device.SetMotor(speed, _ramp.Speed >= 0 ? MotorDirection.Clockwise : MotorDirection.CounterClockwise);
        _device.SetHeater(duty);
    }

    private CommandResult BeginAutoTune()
    {
        if (!_session.State.IsRunning() || _session.Heat == HeatLevel.Off)
        {
            return CommandResult.Conflict("no-heat", "Auto-tune runs during a session with heat on; start one with heat Low or High.");
        }

        if (_tuner is not null)
        {
            return CommandResult.Accepted;
        }

        _tuner = new RelayAutoTuner(_heatOptions.TargetFor(_session.Heat) - 1.0, _heatOptions.MaxHeaterDuty);
        _tuneState = AutoTuneState.Running;
        return CommandResult.Accepted;
    }

    private CommandResult EndAutoTune(AutoTuneState state)
    {
        if (_tuner is not null)
        {
            _tuner = null;
            _tuneState = state;
            _regulator.Reset();
        }

        return CommandResult.Accepted;
    }

    private double TuneStep()
    {
        var duty = _tuner!.Update(_thermal.LastTemperatureC, Now);
        if (_tuner.Result is { } result)
        {
            LastAutoTune = result;
            _regulator.Gains = result.Gains;
            EndAutoTune(AutoTuneState.Completed);
            AutoTuneCompleted?.Invoke(result);
        }

        return duty;
    }

    private void CutOutputs()
    {
        _device.StopAll();
        _ramp.Stop();
        _heaterDuty = 0;
        _regulator.Reset();
    }

    private void OnTransition(StateMachines.Transition<SessionState, SessionTrigger> t)
    {
        if (!t.Destination.IsRunning())
        {
            EndAutoTune(AutoTuneState.Aborted);
        }

        if (!t.Destination.HasSession())
        {
            CutOutputs();
        }

        if (t.Destination == SessionState.Faulted)
        {
            _motor.Reset();
        }
    }

    private string? StillPresent(FaultCode code)
    {
        if (!_device.IsConnected)
        {
            return code == FaultCode.LinkLost ? "the massager is still not connected." : null;
        }

        return _thermal.StillPresent(code, Now) ?? _motor.StillPresent(code, _device.Read());
    }

    /// <summary>Faults the device latched, less the button (a stop, not a fault) and the watchdog (the host's own link check covers it).</summary>
    private static DeviceFaults ReportedFaults(in DeviceReadings r) =>
        r.Faults & ~(DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired);

    private SessionStatus BuildStatus()
    {
        var s = _session;
        var info = _device.IsConnected ? _device.Info : null;
        var temperature = _thermal.LastTemperatureC;
        var target = _heatOptions.TargetFor(s.Heat);
        return new SessionStatus(
            s.State,
            s.Level,
            s.MaxLevel,
            s.Ceiling,
            _ramp.Speed < 0 ? MotorDirection.CounterClockwise : s.Direction,
            new HeatStatus(s.Heat, double.IsNaN(target) ? null : target,
                double.IsNaN(temperature) || info is null ? null : Math.Round(temperature, 1)),
            (int)s.Duration.TotalSeconds,
            (int)s.Elapsed.TotalSeconds,
            (int)Math.Ceiling(s.Remaining.TotalSeconds),
            (int)Math.Ceiling(s.WarmUpRemaining.TotalSeconds),
            s.Fault is { } f ? new FaultStatus(f.Code, f.Message, f.At) : null,
            new OutputStatus(Math.Round(Math.Abs(_ramp.Speed), 3), Math.Round(_heaterDuty, 3)),
            info is null ? null : new DeviceStatus(info.Model, info.FirmwareVersion, info.HasHeater),
            BuildAutoTuneStatus());
    }

    private AutoTuneStatus BuildAutoTuneStatus()
    {
        var r = LastAutoTune;
        return new AutoTuneStatus(_tuneState, _tuner?.PeaksSeen ?? 0, _tuner?.PeaksNeeded ?? 0, _tuner?.TargetC,
            r?.Gains.Kp, r?.Gains.Ki, r?.Gains.Kd, r?.UltimateGain, r?.UltimatePeriodSeconds);
    }
}
