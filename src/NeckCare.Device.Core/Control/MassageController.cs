using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// The single owner of the massager: it runs the session, the guards and the regulator, and is the only
/// code that sets outputs. Whoever hosts it calls <see cref="Handle"/>, <see cref="TryConnectAsync"/>
/// and <see cref="Tick"/> from one loop; others read <see cref="Status"/>. A tick is a pipeline: read,
/// device events, guards, time, outputs. Outputs go to the device only from a tick that processed a
/// fresh reading, and that call is what keeps the device's watchdog fed: if this loop stops, or stops
/// seeing new readings, the device switches itself off. Every path that is not a running session ends
/// with motor and heater off.
/// </summary>
public sealed class MassageController
{
    private readonly IMassagerDevice _device;
    private readonly HeatOptions _heatOptions;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Session _session;
    private readonly HeatRegulator _regulator;
    private readonly SafetyPipeline _guards;
    private readonly OutputStage _outputs;
    private DeviceReadings _readings = DeviceReadings.None;
    private TimeSpan? _lastTick;
    private TimeSpan? _lastOutputAt;
    private long _lastFedSample = -1;
    private readonly List<string> _notices = [];
    private bool _connectedLastTick;
    private readonly AutoTuneCoordinator _autoTune;
    private volatile SessionStatus _status;

    public MassageController(IMassagerDevice device, SessionOptions session, HeatOptions heat, SafetyOptions safety, TimeProvider time)
    {
        _device = device;
        _heatOptions = heat;
        _time = time;
        _origin = time.GetTimestamp();
        _regulator = new HeatRegulator(heat);
        _autoTune = new AutoTuneCoordinator(heat, _regulator);
        _guards = new SafetyPipeline(new ThermalGuard(safety), new MotorGuard(safety));
        _outputs = new OutputStage(session, heat, _regulator);
        _session = new Session(session, time, () => _device.IsConnected, StillPresent,
            () => DeviceFaultTranslation.BlockingStart(_readings.Faults));
        _session.Machine.Transitioned += OnTransition;
        _status = BuildStatus();
    }

    /// <summary>The latest snapshot; safe to read from any thread (the reference is swapped atomically).</summary>
    public SessionStatus Status { get => _status; private set => _status = value; }

    public SessionState State => _session.State;

    /// <summary>
    /// The device sample the last output command was computed from: it moves only on a tick that
    /// processed a fresh reading, which is what a service watchdog may count as proof of life.
    /// </summary>
    public long LastFedSample => _lastFedSample;

    /// <summary>The readings the last tick judged (what a flight recorder keeps; reading the device again would not be the same).</summary>
    public DeviceReadings LastReadings => _readings;

    /// <summary>
    /// Nothing to regulate or time: no session, no auto-tune, and motor and heater commanded off. The
    /// host may then tick more slowly (it wakes the process less on a small board); every guard still
    /// runs on each tick, and a command that starts anything makes this false at once.
    /// </summary>
    public bool IsQuiet => !_session.State.HasSession() && !_autoTune.IsRunning
        && _outputs.Commanded is { MotorSpeed: 0, HeaterDuty: 0 };

    /// <summary>The last reason a connection attempt failed, for logs and health checks.</summary>
    public string? LastConnectError { get; private set; }

    public HeatRegulator Regulator => _regulator;

    /// <summary>The last completed auto-tune (its gains are already in use).</summary>
    public AutoTuneResult? LastAutoTune => _autoTune.Last;

    /// <summary>Raised on the owner loop when an auto-tune completes, so the host can keep the gains.</summary>
    public event Action<AutoTuneResult>? AutoTuneCompleted;

    /// <summary>
    /// Something an integrator should know that is not a fault (a damaged saved-gains file was set aside).
    /// Shown in the status until the service restarts.
    /// </summary>
    public void AddNotice(string notice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notice);
        _notices.Add(notice);
        Status = BuildStatus();
    }

    /// <summary>Withdraws a notice someone has acknowledged; false when it was not shown.</summary>
    private bool RemoveNotice(string notice)
    {
        var removed = _notices.Remove(notice);
        Status = BuildStatus();
        return removed;
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Connects and hands the device's capabilities to the session. Outputs are off afterwards.</summary>
    public async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await _device.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _device.StopAll();
            _guards.Reset(Now);
            _readings = DeviceReadings.None;
            _lastTick = null;
            _lastOutputAt = null;
            _lastFedSample = -1;
            _connectedLastTick = true;
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
        if (command is SetPersonalLimits limits)
        {
            ArgumentNullException.ThrowIfNull(limits.Limits, nameof(command));
            if (limits.Limits.Invalid() is { } why)
            {
                return CommandResult.Conflict("invalid-limits", $"These personal limits cannot be used: {why}.");
            }

            _session.ApplyLimits(limits.Limits);
            if (_session.State.HasSession())
            {
                // A lower limit acts now: the next outputs are computed from the lowered level and heat.
                SyncAutoTune();
            }

            Status = BuildStatus();
            return CommandResult.Accepted;
        }

        if (command is DismissNotice dismiss)
        {
            return RemoveNotice(dismiss.Notice)
                ? CommandResult.Accepted
                : CommandResult.Conflict("no-such-notice", "That notice is not shown (any more).");
        }

        if (command is StopSession)
        {
            // The stop does not wait for anything: outputs first, bookkeeping after.
            CutOutputs();
        }

        if (command is AcknowledgeFault)
        {
            // The device clears only latches whose cause has gone; its own rule, checked again here.
            _device.ClearFaults();
        }

        var result = _session.Handle(command);
        if (!_session.State.IsRunning() && _session.State != SessionState.Finishing)
        {
            CutOutputs();
        }

        SyncAutoTune();
        Status = BuildStatus();
        return result;
    }

    /// <summary>One control period: read, device events, guards, time, outputs.</summary>
    public void Tick()
    {
        var now = Now;
        var dt = _lastTick is { } last ? now - last : TimeSpan.Zero;
        _lastTick = now;

        // Reading first: a backend that judges link liveness does it here, so a silent device is
        // reported by this tick, before anything else (a reconnect attempt) can run.
        _readings = _device.Read();

        // The guards judge before a lost link is processed: when the device went safe because this host
        // stopped feeding it (a stalled loop, a sensor that stopped producing samples), the cause the
        // host can name outranks the lost link that followed from it. Once the link is gone, readings
        // only age: nothing more is judged until a device is back.
        var judge = _device.IsConnected || _connectedLastTick;
        _connectedLastTick = _device.IsConnected;
        if (judge && _session.State != SessionState.Disconnected)
        {
            var loopGap = _session.State.HasSession() ? dt : TimeSpan.Zero;
            foreach (var trip in _guards.Check(_readings, _outputs.Commanded, _outputs.TargetFor(_session), now, loopGap))
            {
                TripAndCut(trip);
            }
        }

        DrainDeviceEvents();
        if (!_device.IsConnected)
        {
            if (_session.State != SessionState.Disconnected)
            {
                _session.OnDeviceLost("no answer from the device");
            }

            CutOutputs();
            Status = BuildStatus();
            return;
        }

        _session.Advance();
        SyncAutoTune();
        if (_readings.HasSample && _readings.Sample != _lastFedSample)
        {
            _lastFedSample = _readings.Sample;
            var since = _lastOutputAt is { } o ? (now - o).TotalSeconds : 0;
            _lastOutputAt = now;
            _device.SetOutputs(_outputs.Next(_session, since, () => HeatDuty(since)));
        }

        Status = BuildStatus();
    }

    /// <summary>
    /// A control step threw. Outputs go off and a ControllerError latches; the host decides whether the
    /// failures repeat often enough to end the process.
    /// </summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        CutOutputs();
        _session.Trip(FaultCode.ControllerError,
            "The controller hit an internal error and switched everything off. If it happens again, restart the massager.");
        Status = BuildStatus();
    }

    private void DrainDeviceEvents()
    {
        while (_device.Events.TryRead(out var e))
        {
            switch (e)
            {
                case StopButtonPressed:
                    Handle(new StopSession(AtMassager: true));
                    // The session has ended: release the device's stop latch (it accepted only "off" meanwhile).
                    _device.ClearFaults();
                    break;
                case OutputsRefused r:
                    TripAndCut(new Trip(FaultCode.DeviceRefused, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"The massager refused the controller's commands {r.Count} times in a row ({r.Result}); everything has been switched off.")));
                    break;
                case DeviceReportedFault f:
                    foreach (var trip in DeviceFaultTranslation.ToTrips(DeviceFaultTranslation.Reportable(f.Faults)))
                    {
                        TripAndCut(trip);
                    }

                    break;
                case DeviceDisconnected d:
                    CutOutputs();
                    _session.OnDeviceLost(d.Reason);
                    break;
            }
        }
    }

    private void TripAndCut(Trip trip)
    {
        CutOutputs();
        _guards.Latched(trip.Code, Now);
        _session.Trip(trip.Code, trip.Message);
    }

    private double HeatDuty(double dt) =>
        _autoTune.IsRunning ? TuneStep() : _regulator.Update(_session.Heat, _guards.Thermal.LastTemperatureC, dt);

    private void SyncAutoTune() => _autoTune.Sync(_session.AutoTuneWanted, _session.Heat);

    private double TuneStep()
    {
        var duty = _autoTune.Step(_guards.Thermal.LastTemperatureC, Now, out var completed);
        if (completed is not null)
        {
            _session.Handle(new CancelAutoTune());
            AutoTuneCompleted?.Invoke(completed);
        }

        return duty;
    }

    private void CutOutputs()
    {
        _device.StopAll();
        _outputs.Cut();
    }

    private void OnTransition(Transition<SessionState, SessionTrigger> t)
    {
        // The regulator needs no reset here: every way out of a session cuts the outputs, and the cut
        // resets it, so each session starts from a fresh regulator.
        if (t.Trigger == SessionTrigger.Start)
        {
            _guards.Thermal.StartSession();
            // The stall guard measures the loop from the session's start: ticks before it may be slow
            // (see IsQuiet), and a session cannot have stalled before it existed.
            _lastTick = Now;
        }

        if (!t.Destination.HasSession())
        {
            CutOutputs();
        }

        if (t.Destination == SessionState.Faulted)
        {
            _guards.Motor.Reset();
        }

        if (t.Source == SessionState.Faulted)
        {
            _guards.Thermal.FaultCleared();
        }
    }

    private string? StillPresent(FaultCode code) => _guards.StillPresent(code, _device, _readings, Now);

    private SessionStatus BuildStatus() => StatusProjection.Build(_session, _device, _guards.Thermal.LastTemperatureC,
        _heatOptions, _outputs, _autoTune.Status(), _notices);
}
