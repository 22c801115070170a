using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio;
using NeckCare.Device.Gpio.Pwm;
using NeckCare.Device.Gpio.Sensors;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.TestSupport.Gpio;

/// <summary>
/// A Raspberry Pi 5's kernel interfaces in a temp folder, wired to the same physics model the firmware
/// emulator uses: /dev/gpiochip0 ("pinctrl-rp1") behind <see cref="FakeGpioKernel"/>, a PWM chip under
/// /sys/class/pwm that belongs to 1f00098000.pwm (with a decoy chip numbered before it), the ADS1115
/// under IIO, an INA219 under hwmon. Every 10 ms of the clock it reads what the backend wrote (PWM files,
/// the heater line's time on), steps the physics, and writes what the sensors would read.
/// </summary>
public sealed class SimulatedGpioTree : ISimulatedMassager, IDisposable
{
    public const string PwmDevice = "1f00098000.pwm";
    public const string ChipLabel = "pinctrl-rp1";
    // 20 ms: fine beside the backend's 100 ms sampling and the pad's minutes, and few enough file reads
    // that a 15-minute session still runs in well under a second.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private readonly TimeProvider _time;
    private readonly ITimer _stepper;
    private readonly NtcDivider _divider = new(new NtcThermistor());
    private readonly Lock _gate = new();
    private long _heaterOnSince = -1;
    private TimeSpan _heaterOnInStep;
    private long _lastStep;
    private double _tachPhase;
    private string _lastRaw = "";
    private string _lastCurrent = "";
    private readonly string _pwm0;
    private readonly string _pwm1;

    public SimulatedGpioTree(TimeProvider time, PhysicsParameters? physics = null, bool withCurrentSensor = true, bool pwmExported = true)
    {
        _time = time;
        Physics = new MassagerPhysics(physics);
        Root = Directory.CreateTempSubdirectory("neckcare-gpio-").FullName;
        Options = new GpioOptions
        {
            SysRoot = Path.Combine(Root, "sys"),
            DevRoot = Path.Combine(Root, "dev"),
            PwmDevice = PwmDevice,
            CurrentSensor = withCurrentSensor ? "ina219" : "",
            ExportTimeoutMilliseconds = 30_000,
        };
        Kernel.AddChip(Path.Combine(Options.DevRoot, "gpiochip0"), ChipLabel, 54);
        Kernel.AddChip(Path.Combine(Options.DevRoot, "gpiochip10"), "rp1-gpio-extra", 32);
        ChipPath = Path.Combine(Options.DevRoot, "gpiochip0");
        Kernel.SetLevel(ChipPath, (uint)Options.StopButtonLine, true); // the pull-up: not pressed
        _ = MakePwmChip("pwmchip0", "1f00074000.pwm", 2, exported: false); // another PWM controller, numbered first
        PwmChipDirectory = MakePwmChip("pwmchip2", PwmDevice, 4, pwmExported);
        _pwm0 = Path.Combine(PwmChipDirectory, "pwm0");
        _pwm1 = Path.Combine(PwmChipDirectory, "pwm1");
        var iio = Path.Combine(Options.SysRoot, "bus", "iio", "devices", "iio:device0");
        Directory.CreateDirectory(iio);
        File.WriteAllText(Path.Combine(iio, "name"), "ads1115\n");
        File.WriteAllText(Path.Combine(iio, "in_voltage0_scale"), "0.125000000\n");
        RawPath = Path.Combine(iio, "in_voltage0_raw");
        var hwmon = Path.Combine(Options.SysRoot, "class", "hwmon");
        Directory.CreateDirectory(Path.Combine(hwmon, "hwmon0"));
        File.WriteAllText(Path.Combine(hwmon, "hwmon0", "name"), "cpu_thermal\n");
        if (withCurrentSensor)
        {
            Directory.CreateDirectory(Path.Combine(hwmon, "hwmon1"));
            File.WriteAllText(Path.Combine(hwmon, "hwmon1", "name"), "ina219\n");
            CurrentPath = Path.Combine(hwmon, "hwmon1", "curr1_input");
        }

        Kernel.OutputChanged += OnOutput;
        _lastStep = time.GetTimestamp();
        WriteSensors();
        _stepper = time.CreateTimer(_ => StepOnce(), null, Step, Step);
    }

    public string Root { get; }

    public GpioOptions Options { get; }

    public FakeGpioKernel Kernel { get; } = new();

    public string ChipPath { get; }

    public string PwmChipDirectory { get; }

    public string RawPath { get; }

    public string? CurrentPath { get; }

    public MassagerPhysics Physics { get; }

    /// <summary>Where the backend's own latched faults come from (the GPIO backend is this massager's firmware).</summary>
    public Func<DeviceFaults> FaultSource { get; set; } = () => DeviceFaults.None;

    public DeviceFaults Faults => FaultSource();

    public TimeSpan ButtonCutsWithin => GpioMassager.SamplePeriod;

    public double MotorCommand => Kernel.Level(ChipPath, (uint)Options.MotorEnableLine) ? Math.Max(Channel(0), Channel(1)) : 0;

    public double HeaterCommand => Kernel.Level(ChipPath, (uint)Options.HeaterLine) ? 1 : 0;

    public MotorDirection Direction => Channel(1) > 0 ? MotorDirection.CounterClockwise : MotorDirection.Clockwise;

    public void Inject(SimulatedFault fault)
    {
        lock (_gate)
        {
            Physics.Faults |= fault;
            WriteSensors();
        }
    }

    public void Clear(SimulatedFault fault)
    {
        lock (_gate)
        {
            Physics.Faults &= ~fault;
            WriteSensors();
        }
    }

    /// <summary>The button pulls its line to ground: with the line requested active-low, that is a rising (active) edge.</summary>
    public void PressStopButton() => Kernel.Edge(ChipPath, (uint)Options.StopButtonLine, rising: true, KernelNs(_time.GetTimestamp()));

    public void Dispose()
    {
        _stepper.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"gpio tree: motor {MotorCommand:0.00}, heater line {HeaterCommand:0}, pad {Physics.PadC:0.0} °C, faults {Physics.Faults}");

    private double Channel(int channel)
    {
        var directory = channel == 0 ? _pwm0 : _pwm1;
        try
        {
            // Disabled is the common case: one small read, not three.
            return File.ReadAllText(Path.Combine(directory, "enable")).Trim() == "1" ? SysfsPwmChannel.ReadFraction(directory) : 0;
        }
        catch (IOException)
        {
            return 0; // not exported
        }
    }

    private void OnOutput(string chip, uint offset, bool value)
    {
        if (chip != ChipPath || offset != (uint)Options.HeaterLine)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (value && _heaterOnSince < 0)
            {
                _heaterOnSince = now;
            }
            else if (!value && _heaterOnSince >= 0)
            {
                _heaterOnInStep += _time.GetElapsedTime(Math.Max(_heaterOnSince, _lastStep), now);
                _heaterOnSince = -1;
            }
        }
    }

    private void StepOnce()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var span = _time.GetElapsedTime(_lastStep, now);
            if (span <= TimeSpan.Zero)
            {
                return;
            }

            var on = _heaterOnInStep + (_heaterOnSince >= 0 ? _time.GetElapsedTime(Math.Max(_heaterOnSince, _lastStep), now) : TimeSpan.Zero);
            _heaterOnInStep = TimeSpan.Zero;
            _lastStep = now;
            Physics.MotorCommand = MotorCommand;
            Physics.Direction = Direction;
            Physics.HeaterCommand = Math.Clamp(on / span, 0, 1);
            Physics.Run(span.TotalSeconds);
            Tach(span, now);
            WriteSensors();
        }
    }

    /// <summary>Hall pulses from the physics' rotation, each stamped by the kernel when it happened within the step.</summary>
    private void Tach(TimeSpan span, long now)
    {
        var pulsesPerSecond = Options.TachPulsesPerRevolution * Options.FullSpeedRpm / 60.0;
        var before = _tachPhase;
        _tachPhase += Math.Abs(Physics.MotorSpeed) * pulsesPerSecond * span.TotalSeconds;
        var pulses = (int)Math.Floor(_tachPhase) - (int)Math.Floor(before);
        var endNs = KernelNs(now);
        var spanNs = (ulong)(span.Ticks * 100);
        for (var i = 1; i <= pulses; i++)
        {
            var at = endNs - spanNs + (ulong)(spanNs * (double)i / (pulses + 1));
            Kernel.Edge(ChipPath, (uint)Options.TachLine, rising: true, at);
        }

        _tachPhase -= Math.Floor(_tachPhase);
    }

    /// <summary>What the ADC and the current sensor would read now. A frozen sensor's conversions fail (the file is gone).</summary>
    private void WriteSensors()
    {
        string? raw;
        if (Physics.Has(SimulatedFault.SensorFrozen))
        {
            raw = null;
        }
        else if (Physics.Has(SimulatedFault.SensorNoReading))
        {
            raw = "\n"; // the driver answered, with no number
        }
        else
        {
            var volts = Physics.Has(SimulatedFault.SensorOpen) ? _divider.SupplyVolts
                : Physics.Has(SimulatedFault.SensorShorted) ? 0
                : _divider.VoltsAt(Physics.SampleC);
            raw = ((int)Math.Round(volts * 1000 / 0.125)).ToString(CultureInfo.InvariantCulture) + "\n";
        }

        if (raw != _lastRaw)
        {
            if (raw is null)
            {
                File.Delete(RawPath);
            }
            else
            {
                File.WriteAllText(RawPath, raw);
            }

            _lastRaw = raw ?? "";
        }

        if (CurrentPath is not null)
        {
            var current = ((int)Math.Round(Physics.MotorCurrentA * 1000)).ToString(CultureInfo.InvariantCulture) + "\n";
            if (current != _lastCurrent)
            {
                File.WriteAllText(CurrentPath, current);
                _lastCurrent = current;
            }
        }
    }

    private string MakePwmChip(string name, string device, int channels, bool exported)
    {
        var deviceDir = Path.Combine(Options.SysRoot, "devices", "platform", "axi", "1000120000.pcie", device);
        var chipDir = Path.Combine(deviceDir, "pwm", name);
        Directory.CreateDirectory(chipDir);
        File.WriteAllText(Path.Combine(chipDir, "npwm"), channels.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(Path.Combine(chipDir, "export"), "");
        File.WriteAllText(Path.Combine(chipDir, "unexport"), "");
        Directory.CreateSymbolicLink(Path.Combine(chipDir, "device"), "../../../" + device);
        var classDir = Path.Combine(Options.SysRoot, "class", "pwm");
        Directory.CreateDirectory(classDir);
        Directory.CreateSymbolicLink(Path.Combine(classDir, name), Path.Combine("..", "..", "devices", "platform", "axi", "1000120000.pcie", device, "pwm", name));
        if (exported)
        {
            for (var c = 0; c < channels; c++)
            {
                var pwm = Path.Combine(chipDir, "pwm" + c.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(pwm);
                foreach (var (file, value) in new[] { ("period", "0"), ("duty_cycle", "0"), ("enable", "0"), ("polarity", "normal") })
                {
                    File.WriteAllText(Path.Combine(pwm, file), value + "\n");
                }
            }
        }

        return Path.Combine(classDir, name);
    }

    private ulong KernelNs(long timestamp) => (ulong)(timestamp * (1e9 / _time.TimestampFrequency));
}
