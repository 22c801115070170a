using System.Globalization;
using System.Threading.Channels;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Gpio.Sensors;

namespace NeckCare.Device.Gpio;

/// <summary>
/// A massager with no microcontroller: the Pi drives the H-bridge and the heater MOSFET itself and
/// reads the thermistor, tach, current and stop button through the kernel. With no firmware between
/// the host and the hardware, this class does what a massager's firmware would (PROTOCOL.md section 4):
/// it refuses heat above its own ceiling and with a failed sensor, lets the heater expire 500 ms and
/// everything 1 s after the control loop's last SetOutputs, and cuts everything on the stop button
/// before telling anyone. What it cannot do is outlive the process: for that the heater's gate has a
/// pull-down (a released line is off), a bimetal cutout and a thermal fuse are in series with the pad,
/// systemd's watchdog kills a loop that stops proving itself, and ExecStopPost runs FailSafeOff.
/// </summary>
public sealed partial class GpioMassager : IMassagerDevice
{
    public const string Consumer = "neckcare";
    public static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Watchdog = TimeSpan.FromMilliseconds(DeviceRules.DefaultWatchdogMs);
    public static readonly TimeSpan HeaterHold = TimeSpan.FromMilliseconds(DeviceRules.DefaultHeaterHoldMs);

    /// <summary>Without a fresh conversion for this long the heater stays off (the regulator is blind).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMilliseconds(500);

    internal static readonly TimeSpan TachWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CrossCheckPeriod = TimeSpan.FromSeconds(2);
    private readonly GpioOptions _options;
    private readonly IGpioKernel _kernel;
    private readonly double _ceilingC;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Channel<DeviceEvent> _events = Channel.CreateUnbounded<DeviceEvent>();
    private readonly NtcDivider _divider;
    private readonly List<GpioEdgeEvent> _edges = [];
    private GpioHardware? _hw;
    private long _connectedAt;
    private long _sample = -1;
    private long _reports;
    private TimeSpan _sampledAt;
    private double _temperature = double.NaN;
    private NtcState _ntc = NtcState.NoReading;
    private double _speed;
    private double _currentA;
    private long _lastFresh;
    private double? _crossCheckC;
    private DeviceFaults _faults;

    public GpioMassager(GpioOptions options, IGpioKernel kernel, double firmwareCeilingC, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _kernel = kernel;
        _ceilingC = DeviceRules.CeilingC(firmwareCeilingC);
        _time = time;
        _divider = new NtcDivider(new NtcThermistor(options.NtcR25Ohms, options.NtcBeta), options.DividerSupplyVolts, options.SeriesResistorOhms);
    }

    public DeviceInfo? Info { get; private set; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _hw is not null;
            }
        }
    }

    public ChannelReader<DeviceEvent> Events => _events.Reader;

    /// <summary>Reads the DS18B20 cross-check (the host calls this off the control path: a conversion takes 750 ms).</summary>
    public string? Ds18b20Path => string.IsNullOrWhiteSpace(_options.Ds18b20Id) ? null : Ds18b20.PathOf(_options.SysRoot, _options.Ds18b20Id);

    public ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_hw is not null)
            {
                return ValueTask.FromResult(Info!);
            }

            var hw = GpioHardware.Open(_options, _kernel, _time); // outputs off before anything else
            hw.Heater.Failed += Lost;
            _hw = hw;
            _connectedAt = _time.GetTimestamp();
            _lastFresh = long.MinValue;
            _faults &= ~DeviceRules.ClearedByHello; // a fresh start, as a firmware's Hello: physical causes stay latched
            _sample = -1;
            _reports = 0;
            hw.Sampler = _time.CreateTimer(_ => Sample(), null, SamplePeriod, SamplePeriod);
            hw.WatchdogTimer = _time.CreateTimer(_ => WatchdogExpired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            hw.HeaterHoldTimer = _time.CreateTimer(_ => HeaterHoldExpired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (Ds18b20Path is { } w1)
            {
                // A 12-bit conversion blocks the read for 750 ms: on its own timer, never the sampler's.
                hw.CrossCheckTimer = _time.CreateTimer(_ => CrossCheckWith(ReadDs18b20(w1)), null, CrossCheckPeriod, CrossCheckPeriod);
            }
            Info = new DeviceInfo(
                $"Raspberry Pi GPIO ({hw.Chip.Label})",
                "gpio-" + typeof(GpioMassager).Assembly.GetName().Version?.ToString(3),
                5,
                HasHeater: true,
                SensorType: string.Create(CultureInfo.InvariantCulture, $"NTC {_options.NtcR25Ohms / 1000:0.#}k B{_options.NtcBeta:0} via {_options.AdcName}"),
                _ceilingC);
            return ValueTask.FromResult(Info);
        }
    }

    public ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Release();
        }

        return ValueTask.CompletedTask;
    }

    public void SetOutputs(OutputCommand outputs)
    {
        lock (_gate)
        {
            if (_hw is not { } hw)
            {
                return;
            }

            var now = _time.GetElapsedTime(_connectedAt);
            var motorAllowed = DeviceRules.MotorAllowed(_faults);
            var heatAllowed = DeviceRules.HeatAllowed(_faults) && Fresh();
            try
            {
                hw.Motor.Drive(motorAllowed ? outputs.MotorSpeed : 0, outputs.Direction, now);
                hw.Heater.SetDuty(heatAllowed ? outputs.HeaterDuty : 0);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                Lost(ex);
                return;
            }

            // The control loop's proof of life: only this renews the holds (see IMassagerDevice).
            hw.WatchdogTimer?.Change(Watchdog, Timeout.InfiniteTimeSpan);
            hw.HeaterHoldTimer?.Change(HeaterHold, Timeout.InfiniteTimeSpan);
        }
    }

    public void StopAll()
    {
        lock (_gate)
        {
            if (_hw is { } hw)
            {
                hw.Motor.OffBestEffort();
                hw.Heater.Off();
            }
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            // Never the watchdog's latch: only a fresh start (ConnectAsync, this backend's Hello) releases it.
            _faults &= ~DeviceRules.Clearable(SensorC(), _ceilingC);
        }
    }

    public DeviceReadings Read()
    {
        lock (_gate)
        {
            return new DeviceReadings(_sample, _sampledAt, _temperature, _speed, _currentA,
                _hw?.Heater.Duty ?? 0, _faults, LinkErrors: 0, Reports: _reports);
        }
    }

    /// <summary>Takes a DS18B20 reading (null when it was not one: no cross-check until a good one comes).</summary>
    public void CrossCheckWith(double? ds18b20C)
    {
        lock (_gate)
        {
            _crossCheckC = ds18b20C;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    private void StopButton()
    {
        // Outputs first: the press must not wait for the control loop to hear of it.
        _hw!.Motor.OffBestEffort();
        _hw.Heater.Off();
        if ((_faults & DeviceFaults.ButtonStop) == 0)
        {
            _faults |= DeviceFaults.ButtonStop;
            _events.Writer.TryWrite(new StopButtonPressed(_time.GetUtcNow()));
        }
    }

    private void WatchdogExpired()
    {
        lock (_gate)
        {
            if (_hw is { } hw)
            {
                hw.Motor.OffBestEffort();
                hw.Heater.Off();
                _faults |= DeviceFaults.WatchdogExpired;

                // As a firmware does: safe, and deaf until a fresh start. The host hears a lost link and
                // reconnects, which opens the lines afresh; the session has ended by then.
                Release();
                _events.Writer.TryWrite(new DeviceDisconnected(_time.GetUtcNow(),
                    "the massager's watchdog expired (the control loop stopped commanding the outputs)"));
            }
        }
    }

    private void HeaterHoldExpired()
    {
        lock (_gate)
        {
            _hw?.Heater.Off();
        }
    }

    private void Latch(DeviceFaults fault, string detail)
    {
        if ((_faults & fault) == 0)
        {
            _faults |= fault;
            _events.Writer.TryWrite(new DeviceReportedFault(_time.GetUtcNow(), _faults, detail));
        }
    }

    /// <summary>The chip went away (or a write failed): everything off that still can be, then report the loss.</summary>
    private void Lost(Exception reason)
    {
        lock (_gate)
        {
            if (_hw is null)
            {
                return;
            }

            Release();
            _events.Writer.TryWrite(new DeviceDisconnected(_time.GetUtcNow(), $"the GPIO hardware failed: {reason.Message}"));
        }
    }

    private void Release()
    {
        if (_hw is { } hw)
        {
            _hw = null;
            Info = null; // "null while not connected" (IMassagerDevice)
            hw.Dispose();
        }
    }

    private ulong KernelNanoseconds(long timestamp) => (ulong)(timestamp * (1e9 / _time.TimestampFrequency));
}
