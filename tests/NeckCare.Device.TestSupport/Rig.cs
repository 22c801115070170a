using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Serial;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Gpio;
using NeckCare.Device.Simulator.Physics;
using NeckCare.Device.TestSupport.Gpio;
using Xunit;

namespace NeckCare.Device.TestSupport;

/// <summary>Which backend a <see cref="Rig"/> runs the controller on.</summary>
public enum RigBackend
{
    /// <summary>SerialMassager → lock-step link → firmware emulator.</summary>
    Serial,

    /// <summary>GpioMassager → fake GPIO chip and a simulated sysfs/IIO tree.</summary>
    Gpio,
}

/// <summary>
/// The shipped path on a manual clock: controller → SerialMassager → in-memory lock-step link →
/// FirmwareEmulator over the physics model (or, with <see cref="RigBackend.Gpio"/>, controller →
/// GpioMassager → simulated Pi tree over the same physics). Time moves in 10 ms steps, bytes are delivered after each
/// step, and the controller ticks every 100 ms, so a 15-minute session runs in a fraction of a second
/// and every run is the same.
/// </summary>
public sealed class Rig
{
    public static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan ReconnectEvery = TimeSpan.FromSeconds(1);
    private const int StepsPerTick = 10;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly AsyncLocal<RigBackend> Ambient = new();
    private readonly FirmwareEmulator? _firmware;
    private readonly SerialMassager? _serial;
    private long _lastConnectAttempt;
    private int _stepsSinceTick;

    private Rig(SessionOptions? session, HeatOptions? heat, SafetyOptions? safety, PhysicsParameters? physics)
    {
        Session = session ?? new SessionOptions();
        Heat = heat ?? new HeatOptions();
        Safety = safety ?? new SafetyOptions();
        Kind = Ambient.Value;
        if (Kind == RigBackend.Gpio)
        {
            var tree = new SimulatedGpioTree(Time, physics);
            var gpio = new GpioMassager(tree.Options, tree.Kernel, Safety.FirmwareCeilingC, Time);
            tree.FaultSource = () => gpio.Read().Faults;
            Tree = tree;
            Hardware = tree;
            Backend = gpio;
        }
        else
        {
            _firmware = new FirmwareEmulator(Time, new MassagerPhysics(physics));
            _serial = new SerialMassager(OpenLink, new SerialOptions(), Safety.FirmwareCeilingC, Time);
            Hardware = new FirmwareHardware(_firmware);
            Backend = _serial;
        }

        Controller = new MassageController(Backend, Session, Heat, Safety, Time);
    }

    /// <summary>Rigs created inside the returned scope (on this async flow) run on <paramref name="backend"/>.</summary>
    public static IDisposable On(RigBackend backend)
    {
        var before = Ambient.Value;
        Ambient.Value = backend;
        return new Restore(() => Ambient.Value = before);
    }

    public ManualTimeProvider Time { get; } = new();

    public RigBackend Kind { get; }

    /// <summary>The simulated massager, whichever backend drives it: fault injection, the stop button, what it actually drives.</summary>
    public ISimulatedMassager Hardware { get; }

    /// <summary>The backend the controller drives.</summary>
    public IMassagerDevice Backend { get; }

    /// <summary>The simulated Pi tree (GPIO rigs only).</summary>
    public SimulatedGpioTree? Tree { get; }

    /// <summary>The emulated firmware (serial rigs only): its link faults, resets and garbage.</summary>
    public FirmwareEmulator Device => _firmware ?? throw new InvalidOperationException("This rig runs the GPIO backend; there is no firmware.");

    /// <summary>The serial backend (serial rigs only).</summary>
    public SerialMassager Host => _serial ?? throw new InvalidOperationException("This rig runs the GPIO backend; there is no serial link.");

    public MassageController Controller { get; }

    public SessionOptions Session { get; }

    public HeatOptions Heat { get; }

    public SafetyOptions Safety { get; }

    public LockstepLink? Link { get; private set; }

    /// <summary>Every SetOutputs the host put on the wire, decoded from outside the host.</summary>
    public WireLog Wire { get; } = new();

    /// <summary>False: the next connect finds no device (the cable is out).</summary>
    public bool DevicePresent { get; set; } = true;

    /// <summary>While true the controller does not tick: a hung control loop.</summary>
    public bool LoopFrozen { get; set; }

    public SessionStatus Status => Controller.Status;

    public static Rig Connected(SessionOptions? session = null, HeatOptions? heat = null, SafetyOptions? safety = null, PhysicsParameters? physics = null)
    {
        var rig = new Rig(session, heat, safety, physics);
        Assert.True(rig.Connect(), rig.Controller.LastConnectError);
        rig.Tick();
        return rig;
    }

    public static Rig Disconnected() => new(null, null, null, null);

    public static Rig Running(int minutes = 10, HeatLevel heat = HeatLevel.Off, bool guidedRelease = false)
    {
        var rig = Connected();
        rig.Accept(new StartSession(minutes, heat, guidedRelease));
        return rig;
    }

    /// <summary>
    /// Connects as the host's owner loop would; true on success. A device that does not answer the
    /// handshake costs the loop the handshake timeout, so simulated time passes by exactly that much.
    /// </summary>
    public bool Connect()
    {
        var connecting = Controller.TryConnectAsync(CancellationToken.None);
        Link?.Pump();
        if (!connecting.IsCompleted && _firmware is { Handshaken: false })
        {
            for (var t = TimeSpan.Zero; t <= HandshakeTimeout; t += Step)
            {
                Time.Advance(Step);
                Link?.Pump();
            }
        }

        var ok = connecting.GetAwaiter().GetResult();
        Link?.Pump();
        return ok;
    }

    /// <summary>Pulls the cable: the device loses power with it, the host sees the link end.</summary>
    public void Unplug()
    {
        DevicePresent = false;
        Link?.DeviceEnd.Dispose();
        Link?.Pump();
    }

    public void PlugIn() => DevicePresent = true;

    /// <summary>
    /// Moves time one control period, delivering bytes every 10 ms, then does what the host's owner loop
    /// does (unless frozen): ticks the controller, then, if the device is gone, tries to reconnect once a second.
    /// </summary>
    public void Tick()
    {
        for (var i = 0; i < StepsPerTick; i++)
        {
            StepOnce();
        }
    }

    /// <summary>Moves time by <paramref name="steps"/> 10 ms steps, ticking when a tick falls due: to put an event at a chosen phase of a tick.</summary>
    public void Steps(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            StepOnce();
        }
    }

    /// <summary>Moves time without ticking the controller.</summary>
    public void Advance(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += Step)
        {
            Time.Advance(Step);
            Link?.Pump();
        }
    }

    /// <summary>One 10 ms step; every tenth ends with the owner loop's tick.</summary>
    private void StepOnce()
    {
        Time.Advance(Step);
        Link?.Pump();
        if (++_stepsSinceTick < StepsPerTick)
        {
            return;
        }

        _stepsSinceTick = 0;
        if (LoopFrozen)
        {
            return;
        }

        Controller.Tick();
        Link?.Pump();
        if (!Backend.IsConnected && DevicePresent && Time.GetElapsedTime(_lastConnectAttempt) >= ReconnectEvery)
        {
            _lastConnectAttempt = Time.GetTimestamp();
            Connect();
        }
    }

    /// <summary>As <see cref="RunUntil"/>, but looks after every 10 ms step: for reactions on the device's own clock.</summary>
    public TimeSpan RunUntilFine(Func<Rig, bool> condition, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t <= limit; t += Step)
        {
            if (condition(this))
            {
                return t;
            }

            StepOnce();
        }

        Assert.Fail($"Condition not met within {limit}; state {Status.State}, fault {Status.Fault?.Code}, device {Hardware}.");
        return limit;
    }

    /// <summary>Runs the control loop for <paramref name="span"/> of simulated time.</summary>
    public void Run(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TickPeriod)
        {
            Tick();
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds, or fails after <paramref name="limit"/>.</summary>
    public TimeSpan RunUntil(Func<Rig, bool> condition, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t <= limit; t += TickPeriod)
        {
            if (condition(this))
            {
                return t;
            }

            Tick();
        }

        Assert.Fail($"Condition not met within {limit}; state {Status.State}, fault {Status.Fault?.Code}, device {Hardware}.");
        return limit;
    }

    public CommandResult Do(SessionCommand command)
    {
        var result = Controller.Handle(command);
        Link?.Pump();
        return result;
    }

    public void Accept(SessionCommand command)
    {
        var result = Do(command);
        Assert.True(result.IsAccepted, $"{command} was refused: {result.Refusal?.Message}");
    }

    public Refusal Refuse(SessionCommand command)
    {
        var result = Do(command);
        Assert.False(result.IsAccepted, $"{command} was accepted in {Status.State}");
        return result.Refusal!;
    }

    /// <summary>Outputs off in the device itself and in what the controller reports.</summary>
    public void AssertOutputsOff()
    {
        Assert.Equal(0, Hardware.MotorCommand);
        Assert.Equal(0, Hardware.HeaterCommand);
        Assert.Equal(0, Status.Outputs.MotorSpeed);
        Assert.Equal(0, Status.Outputs.HeaterDuty);
    }

    private ValueTask<Stream> OpenLink(CancellationToken ct)
    {
        if (!DevicePresent)
        {
            throw new IOException("no device on the link");
        }

        var link = new LockstepLink();
        link.HostWrote += bytes => Wire.Feed(bytes);
        Link = link;
        _ = Device.ServeAsync(link.DeviceEnd, CancellationToken.None);
        return ValueTask.FromResult(link.HostEnd);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
