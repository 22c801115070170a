using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The simulator's protocol harness, with the assertions the tests share.</summary>
internal sealed class LinkRig : ProtocolHarness
{
    private readonly List<SetOutputs> _applied = [];

    public LinkRig(Func<ProtocolHarness, CancellationToken, ValueTask<Stream>>? openLink = null)
        : base(openLink) => Device.CommandApplied += m =>
        {
            if (m is SetOutputs o)
            {
                _applied.Add(o); // raised inside the firmware's lock: one writer
            }
        };

    public static async Task<LinkRig> ConnectedAsync()
    {
        var rig = new LinkRig();
        await rig.ConnectAsync();
        return rig;
    }

    public new async Task<TimeSpan> RunUntilAsync(Func<ProtocolHarness, bool> condition, TimeSpan limit) =>
        await base.RunUntilAsync(condition, limit)
        ?? throw new Xunit.Sdk.XunitException($"not reached within {limit}: state {Status.State}, fault {Status.Fault?.Code}, device {Device}");

    /// <summary>A heated session with 1 % of bytes corrupted both ways, raised after warm-up, run to its auto-stop.</summary>
    public async Task RunCorruptedSessionAsync(int minutes, int level)
    {
        Device.LinkFaults.CorruptionRate = 0.01;
        Accept(new StartSession(minutes, HeatLevel.High));
        await RunAsync(TimeSpan.FromSeconds(61));
        Accept(new SetIntensity(level));
        await RunUntilAsync(r => r.Status.State == SessionState.Idle, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>
    /// The host process dies (its control loop stops, nothing more is sent, the cable stays in); returns
    /// how long the device kept any output on. No hook is needed: outputs go out only from control ticks.
    /// </summary>
    public async Task<TimeSpan> KillHostAndTimeDeviceSafeAsync()
    {
        var took = TimeSpan.Zero;
        while (Device.MotorCommand > 0 || Device.HeaterCommand > 0)
        {
            await RunAsync(Step, tick: false);
            took += Step;
            Assert.True(took <= TimeSpan.FromMilliseconds(1010), $"still running after {took}");
        }

        return took;
    }

    /// <summary>The firmware hangs; returns how long until the controller faulted the session.</summary>
    public Task<TimeSpan> StallDeviceUntilFaultedAsync()
    {
        Device.Stalled = true;
        return RunUntilAsync(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(2));
    }

    public void Accept(SessionCommand command)
    {
        var result = Controller.Handle(command);
        Assert.True(result.IsAccepted, result.Refusal?.Message);
    }

    /// <summary>Every output the device applied was one the host sent: no wrong actuation.</summary>
    public void AssertNoWrongActuation()
    {
        var sent = Wire.SentOutputs;
        var wrong = _applied.Where(a => !sent.Contains(a)).ToList();
        Assert.True(wrong.Count == 0, $"device applied {wrong.Count} outputs the host never sent, e.g. {wrong.FirstOrDefault()}");
    }
}
