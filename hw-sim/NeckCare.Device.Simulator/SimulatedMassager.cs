using System.Globalization;
using System.Threading.Channels;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Simulator;

/// <summary>
/// An in-process massager over <see cref="MassagerPhysics"/>. The physics advances lazily to the
/// TimeProvider's "now" whenever the device is used, so tests that advance a manual clock get exact,
/// repeatable behaviour with no timers or threads. Like real firmware it cuts its heater by itself at
/// its own ceiling and cuts everything when its stop button is pressed or it is unplugged.
/// </summary>
public sealed class SimulatedMassager : IMassagerDevice
{
    public const int DefaultIntensityLevels = 5;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Channel<DeviceEvent> _events = Channel.CreateUnbounded<DeviceEvent>();
    private readonly long _origin;
    private readonly DateTimeOffset _originUtc;
    private readonly int _levels;
    private readonly double _ceilingC;
    private bool _connected;
    private bool _pluggedIn = true;
    private DeviceFaults _deviceFaults;

    public SimulatedMassager(TimeProvider time, MassagerPhysics? physics = null, int intensityLevels = DefaultIntensityLevels, double firmwareCeilingC = 45.0)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _origin = time.GetTimestamp();
        _originUtc = time.GetUtcNow();
        Physics = physics ?? new MassagerPhysics();
        _levels = intensityLevels;
        _ceilingC = firmwareCeilingC;
    }

    public MassagerPhysics Physics { get; }

    public DeviceInfo? Info { get; private set; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    public ChannelReader<DeviceEvent> Events => _events.Reader;

    /// <summary>Commanded outputs as the device holds them, for tests and benchmarks.</summary>
    public double MotorCommand => Locked(() => Physics.MotorCommand);

    public double HeaterCommand => Locked(() => Physics.HeaterCommand);

    public ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CatchUp();
            if (!_pluggedIn)
            {
                throw new IOException("The simulated massager is unplugged.");
            }

            SafeState();
            _connected = true;
            Info = new DeviceInfo("NeckCare simulator", "sim-1.0", _levels, HasHeater: true, "NTC 10k B3950 (simulated)", _ceilingC);
            return ValueTask.FromResult(Info);
        }
    }

    public ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
            _connected = false;
            Info = null;
        }

        return ValueTask.CompletedTask;
    }

    public void SetMotor(double speed, MotorDirection direction)
    {
        lock (_gate)
        {
            CatchUp();
            if (!_connected)
            {
                return;
            }

            Physics.MotorCommand = double.IsNaN(speed) ? 0 : Math.Clamp(speed, 0, 1);
            Physics.Direction = direction;
        }
    }

    public void SetHeater(double duty)
    {
        lock (_gate)
        {
            CatchUp();
            if (!_connected || (_deviceFaults & DeviceFaults.OverTemperature) != 0)
            {
                return;
            }

            Physics.HeaterCommand = double.IsNaN(duty) ? 0 : Math.Clamp(duty, 0, 1);
        }
    }

    public void StopAll()
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            CatchUp();
            if (Physics.SensorC < _ceilingC - 3)
            {
                _deviceFaults &= ~DeviceFaults.OverTemperature;
            }
        }
    }

    public DeviceReadings Read()
    {
        lock (_gate)
        {
            CatchUp();
            var p = Physics;
            return new DeviceReadings(
                _originUtc + TimeSpan.FromSeconds(p.SampleAtSeconds),
                p.SampleC,
                Math.Abs(p.MotorSpeed),
                p.MotorCurrentA,
                p.HeaterCommand,
                _deviceFaults);
        }
    }

    /// <summary>Injects a fault or disturbance; it stays until <see cref="Clear"/>.</summary>
    public void Inject(SimulatedFault fault)
    {
        lock (_gate)
        {
            CatchUp();
            Physics.Faults |= fault;
        }
    }

    public void Clear(SimulatedFault fault)
    {
        lock (_gate)
        {
            CatchUp();
            Physics.Faults &= ~fault;
        }
    }

    /// <summary>The physical stop button: the device cuts its outputs itself, then tells the host.</summary>
    public void PressStopButton()
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
            _events.Writer.TryWrite(new StopButtonPressed(_time.GetUtcNow()));
        }
    }

    /// <summary>Pulls the cable: outputs die with the power, the host sees the link go.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
            _pluggedIn = false;
            if (_connected)
            {
                _connected = false;
                Info = null;
                _events.Writer.TryWrite(new DeviceDisconnected(_time.GetUtcNow(), "the device was unplugged"));
            }
        }
    }

    public void PlugIn()
    {
        lock (_gate)
        {
            CatchUp();
            _pluggedIn = true;
        }
    }

    public ValueTask DisposeAsync()
    {
        StopAll();
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void SafeState()
    {
        Physics.MotorCommand = 0;
        Physics.HeaterCommand = 0;
    }

    /// <summary>Runs the physics up to now, in sample-sized slices so the firmware ceiling is checked as often as real firmware would.</summary>
    private void CatchUp()
    {
        var target = _time.GetElapsedTime(_origin).TotalSeconds;
        var slice = Physics.Parameters.SamplePeriodSeconds;
        while (Physics.SimulatedSeconds < target - 1e-9)
        {
            Physics.Run(Math.Min(slice, target - Physics.SimulatedSeconds));
            CheckCeiling();
        }
    }

    private void CheckCeiling()
    {
        var c = Physics.SensorC;
        if ((_deviceFaults & DeviceFaults.OverTemperature) == 0 && c >= _ceilingC)
        {
            Physics.HeaterCommand = 0;
            _deviceFaults |= DeviceFaults.OverTemperature;
            _events.Writer.TryWrite(new DeviceReportedFault(_time.GetUtcNow(), DeviceFaults.OverTemperature,
                string.Create(CultureInfo.InvariantCulture, $"firmware over-temperature cut-off at {c:0.0} °C")));
        }
        else if ((_deviceFaults & DeviceFaults.OverTemperature) != 0 && c < _ceilingC - 3)
        {
            _deviceFaults &= ~DeviceFaults.OverTemperature;
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            CatchUp();
            return read();
        }
    }
}
