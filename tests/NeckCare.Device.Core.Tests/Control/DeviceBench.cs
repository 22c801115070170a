using System.Threading.Channels;
using Moq;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>
/// The controller against a device that does exactly what a test says, at the hardware boundary: the
/// order of the calls the controller makes there (stop before anything else, clear only on acknowledge,
/// outputs only on a fresh reading) is what these tests check, and no backend lets a test script that.
/// </summary>
internal sealed class DeviceBench
{
    public static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);

    public static readonly DeviceInfo Info = new("bench", "1.0", 5, HasHeater: true, "NTC", 45.0);

    private readonly long _origin;
    private readonly MassageController? _controller;
    private readonly Channel<DeviceEvent> _events = Channel.CreateUnbounded<DeviceEvent>();

    public DeviceBench(HeatOptions? heat = null)
    {
        _origin = Time.GetTimestamp();
        Device.SetupGet(d => d.IsConnected).Returns(() => Connected);
        Device.SetupGet(d => d.Info).Returns(Info); // kept while away: the controller must not trust it then
        Device.SetupGet(d => d.Events).Returns(_events.Reader);
        Device.Setup(d => d.ConnectAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            if (ConnectError is { } error)
            {
                return ValueTask.FromException<DeviceInfo>(error);
            }

            Connected = true;
            NextSample = FirstSample;
            return ValueTask.FromResult(Info);
        });
        // The motor turns as commanded, at an ordinary current.
        Device.Setup(d => d.Read()).Returns(() => new DeviceReadings(
            FreshSamples ? NextSample++ : NextSample - 1, Time.GetElapsedTime(_origin), TemperatureC,
            MotorSpeed: Sent.Count == 0 ? 0 : Sent[^1].MotorSpeed, MotorCurrentA: 0.2, HeaterDuty: 0, Faults));
        Device.Setup(d => d.StopAll()).Callback(() => StatesAtStop.Add(_controller?.State ?? SessionState.Disconnected));
        Device.Setup(d => d.SetOutputs(It.IsAny<OutputCommand>())).Callback<OutputCommand>(Sent.Add);
        Device.Setup(d => d.ClearFaults()).Callback(() => Clears++);
        _controller = new MassageController(Device.Object, new SessionOptions(), heat ?? new HeatOptions(), new SafetyOptions(), Time);
    }

    public Mock<IMassagerDevice> Device { get; } = new(MockBehavior.Strict);

    public ManualTimeProvider Time { get; } = new();

    public MassageController Controller => _controller!;

    public bool Connected { get; set; }

    /// <summary>The number the device gives its first sample after a (re)connect.</summary>
    public long FirstSample { get; set; }

    public long NextSample { get; set; }

    /// <summary>False: Read keeps returning the last sample (the sensor stopped producing).</summary>
    public bool FreshSamples { get; set; } = true;

    public double TemperatureC { get; set; } = 30;

    public DeviceFaults Faults { get; set; }

    public Exception? ConnectError { get; set; }

    /// <summary>The session state the controller was in each time it called StopAll.</summary>
    public List<SessionState> StatesAtStop { get; } = [];

    public List<OutputCommand> Sent { get; } = [];

    public int Clears { get; private set; }

    /// <summary>Connected and ticked once: Idle, outputs off.</summary>
    public static DeviceBench Ready(HeatOptions? heat = null, double temperatureC = 30)
    {
        var bench = new DeviceBench(heat) { TemperatureC = temperatureC };
        Assert.True(bench.Connect());
        bench.Tick();
        return bench;
    }

    public bool Connect() => Controller.TryConnectAsync(CancellationToken.None).GetAwaiter().GetResult();

    public void Tick()
    {
        Time.Advance(TickPeriod);
        Controller.Tick();
    }

    public void Run(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TickPeriod)
        {
            Tick();
        }
    }

    public void Raise(DeviceEvent e) => Assert.True(_events.Writer.TryWrite(e));

    public CommandResult Do(SessionCommand command) => Controller.Handle(command);

    public void Accept(SessionCommand command)
    {
        var result = Controller.Handle(command);
        Assert.True(result.IsAccepted, $"{command} was refused: {result.Refusal?.Message}");
    }
}
