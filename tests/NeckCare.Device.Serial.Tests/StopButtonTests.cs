using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Protocol;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>PROTOCOL.md's stop-button rule on the shipped path: a press can never be undone by a command already on the wire.</summary>
public class StopButtonTests
{
    private static Rig Kneading()
    {
        var rig = Rig.Running(heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(3));
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.True(rig.Device.MotorCommand > 0.2, $"motor {rig.Device.MotorCommand}");
        return rig;
    }

    [Fact]
    public void Outputs_sent_before_the_host_heard_of_the_press_are_refused_and_nothing_switches_back_on()
    {
        var rig = Kneading();
        var refusedBefore = rig.Host.Statistics.Refused;

        // The event is lost: the host learns of the press only from the next telemetry's counter, and
        // until then its ticks keep sending the session's outputs.
        rig.Device.LinkFaults.DropRate = 1.0;
        rig.Device.PressStopButton();
        rig.Device.LinkFaults.DropRate = 0;
        rig.Host.SetOutputs(new OutputCommand(0.6, MotorDirection.Clockwise, 0.5)); // already on its way
        rig.Link!.Pump();
        rig.Link.Pump();
        Assert.Equal(0, rig.Device.MotorCommand);
        var onAgain = 0;
        rig.RunUntilFine(r =>
        {
            onAgain += r.Device.MotorCommand > 0 || r.Device.HeaterCommand > 0 ? 1 : 0;
            return r.Status.State == SessionState.Idle;
        }, TimeSpan.FromMilliseconds(300));

        Assert.Equal(0, onAgain);
        Assert.True(rig.Host.Statistics.Refused > refusedBefore, "no command was on the wire after the press");
        Assert.Null(rig.Status.Fault);
    }

    [Fact]
    public void After_a_press_nothing_starts_until_the_device_has_released_its_stop()
    {
        var rig = Kneading();

        rig.Device.PressStopButton();
        rig.Tick();
        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.True(rig.Device.Faults.HasFlag(DeviceFaults.ButtonStop) || rig.Host.Read().Faults.HasFlag(DeviceFaults.ButtonStop));

        var refusal = rig.Refuse(new StartSession(10, HeatLevel.Off));
        Assert.Equal("device-fault", refusal.Code);
        Assert.Contains("stop button", refusal.Message, StringComparison.Ordinal);

        rig.RunUntil(r => !r.Host.Read().Faults.HasFlag(DeviceFaults.ButtonStop), TimeSpan.FromMilliseconds(500));
        rig.Accept(new StartSession(10, HeatLevel.Off));
        rig.Run(TimeSpan.FromSeconds(1));
        Assert.True(rig.Device.MotorCommand > 0);
    }

    [Fact]
    public void A_device_that_keeps_refusing_outputs_faults_the_session_with_outputs_off()
    {
        var rig = Kneading();

        rig.Device.RefuseOutputsWith = AckResult.NotReady;
        var took = rig.RunUntil(r => r.Status.Fault is not null, TimeSpan.FromSeconds(1));

        Assert.True(took <= TimeSpan.FromMilliseconds(500), $"took {took}");
        Assert.Equal(FaultCode.DeviceRefused, rig.Status.Fault!.Code);
        Assert.Contains("3 times in a row (NotReady)", rig.Status.Fault.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(0, rig.Device.HeaterCommand);
    }

    [Fact]
    public void One_or_two_refusals_are_not_a_fault()
    {
        var rig = Kneading();

        rig.Device.RefuseOutputsWith = AckResult.OutOfRange;
        rig.Tick();
        rig.Tick();
        rig.Device.RefuseOutputsWith = null;
        rig.Run(TimeSpan.FromSeconds(2));

        Assert.Null(rig.Status.Fault);
        Assert.Equal(SessionState.Massaging, rig.Status.State);
    }
}
