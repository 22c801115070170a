using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator;
using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.Core.Tests;

/// <summary>The controller on the simulator, on a manual clock ticked at the host's 100 ms period.</summary>
internal sealed class Rig
{
    public static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);

    private Rig(SessionOptions? session, HeatOptions? heat, SafetyOptions? safety)
    {
        Session = session ?? new SessionOptions();
        Heat = heat ?? new HeatOptions();
        Safety = safety ?? new SafetyOptions();
        Device = new SimulatedMassager(Time);
        Controller = new MassageController(Device, Session, Heat, Safety, Time);
    }

    public ManualTimeProvider Time { get; } = new();

    public SimulatedMassager Device { get; }

    public MassageController Controller { get; }

    public SessionOptions Session { get; }

    public HeatOptions Heat { get; }

    public SafetyOptions Safety { get; }

    public SessionStatus Status => Controller.Status;

    public static Rig Connected(SessionOptions? session = null, HeatOptions? heat = null, SafetyOptions? safety = null)
    {
        var rig = new Rig(session, heat, safety);
        Assert.True(rig.Controller.TryConnectAsync(CancellationToken.None).GetAwaiter().GetResult());
        rig.Tick();
        return rig;
    }

    public static Rig Disconnected() => new(null, null, null);

    public static Rig Running(int minutes = 10, HeatLevel heat = HeatLevel.Off)
    {
        var rig = Connected();
        rig.Accept(new StartSession(minutes, heat));
        return rig;
    }

    public void Tick()
    {
        Time.Advance(TickPeriod);
        Controller.Tick();
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

        Assert.Fail($"Condition not met within {limit}; state {Status.State}, fault {Status.Fault?.Code}.");
        return limit;
    }

    public CommandResult Do(SessionCommand command) => Controller.Handle(command);

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

    public void AssertOutputsOff()
    {
        Assert.Equal(0, Device.MotorCommand);
        Assert.Equal(0, Device.HeaterCommand);
        Assert.Equal(0, Status.Outputs.MotorSpeed);
        Assert.Equal(0, Status.Outputs.HeaterDuty);
    }
}
