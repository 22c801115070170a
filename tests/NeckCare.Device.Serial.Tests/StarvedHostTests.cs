using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// A machine so busy that the host neither read nor ticked for 1.5 s: the tick that finally runs sees
/// nothing new. That is the host's (or the link's) trouble, never the sensor's.
/// </summary>
public class StarvedHostTests
{
    [Fact]
    public void A_starved_host_right_after_start_never_shows_a_sensor_fault()
    {
        var rig = Rig.Connected();

        rig.Time.Advance(TimeSpan.FromSeconds(1.5)); // neither the reader nor the loop got the CPU
        rig.Controller.Tick();

        Assert.Null(rig.Status.Fault);
        Assert.NotEqual(SessionState.Faulted, rig.Status.State);
        rig.Link?.Pump();
        rig.RunUntil(r => r.Status.State == SessionState.Idle, TimeSpan.FromSeconds(3));
        Assert.Null(rig.Status.Fault);
    }

    [Fact]
    public void A_starved_host_during_a_session_faults_for_the_stall_with_outputs_off_and_does_not_blame_the_sensor()
    {
        var rig = Rig.Running(heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(5));

        rig.Time.Advance(TimeSpan.FromSeconds(1.5));
        rig.Controller.Tick();

        Assert.Equal(SessionState.Faulted, rig.Status.State);
        var codes = rig.Status.Fault!.Others.Select(o => o.Code).Append(rig.Status.Fault.Code).ToList();
        Assert.DoesNotContain(FaultCode.SensorStale, codes);
        Assert.Contains(FaultCode.ControlLoopStalled, codes);
        Assert.Equal(0, rig.Status.Outputs.HeaterDuty);
    }
}
