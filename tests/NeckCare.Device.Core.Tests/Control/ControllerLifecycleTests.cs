using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Core.Tests.Safety;
using NeckCare.Device.Simulator.Physics;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>What carries over from one session to the next, and what must not.</summary>
public class ControllerLifecycleTests
{
    [Fact]
    public void Every_session_has_its_own_heat_on_budget_so_two_long_heated_sessions_in_a_row_run_to_their_end()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.RunUntil(r => r.Status.State == SessionState.Idle, TimeSpan.FromMinutes(16));

        rig.Accept(new StartSession(15, HeatLevel.High));
        rig.Run(TimeSpan.FromMinutes(3)); // 18 min of heat in total: past the 16-minute bound, if it carried over

        Assert.Null(rig.Status.Fault);
        Assert.Equal(SessionState.Massaging, rig.Status.State);
    }

    [Fact]
    public void After_an_acknowledged_heat_fault_the_next_heated_session_is_not_watched_as_if_the_heater_were_stuck()
    {
        // A heat fault latched while the pad was still cool (heating too slowly, at half power): the
        // stuck-heater watch armed at that low temperature must end with the acknowledgement, or the
        // next session's ordinary warming with the heater briefly off would look like a stuck heater.
        var rig = Rig.Running(15, HeatLevel.High);
        rig.Device.Inject(SimulatedFault.HeaterHalfPower);
        rig.RunUntil(r => r.Status.Fault?.Code == FaultCode.HeatingTooSlow, TimeSpan.FromMinutes(5));
        rig.Device.Clear(SimulatedFault.HeaterHalfPower);
        rig.Run(TimeSpan.FromSeconds(15));
        rig.Accept(new AcknowledgeFault());

        rig.Accept(new StartSession(10, HeatLevel.High));
        rig.Run(TimeSpan.FromMinutes(8));

        Assert.Null(rig.Status.Fault);
        Assert.True(rig.Status.OutputsUnderControl);
    }

    [Fact]
    public void A_session_started_after_the_loop_ticked_slowly_while_quiet_is_not_taken_for_a_stalled_loop()
    {
        // A device without a watchdog of its own (a mock), so the gap can exceed the stall time.
        var bench = DeviceBench.Ready();
        Assert.True(bench.Controller.IsQuiet);
        bench.Time.Advance(TimeSpan.FromSeconds(1)); // quiet: the host may tick slowly, and a little late

        bench.Accept(new StartSession(10, HeatLevel.Off));
        bench.Tick(); // one session tick after the start, 1.1 s after the last tick

        Assert.Null(bench.Controller.Status.Fault);
        Assert.Equal(SessionState.WarmingUp, bench.Controller.Status.State);
    }

    [Fact]
    public void A_session_whose_first_tick_comes_more_than_a_second_after_its_start_trips_ControlLoopStalled()
    {
        var bench = DeviceBench.Ready();
        bench.Accept(new StartSession(10, HeatLevel.Off));

        bench.Time.Advance(TimeSpan.FromSeconds(1));
        bench.Tick();

        Assert.Equal(FaultCode.ControlLoopStalled, bench.Controller.Status.Fault?.Code);
    }

    [Fact]
    public void The_controller_is_quiet_only_with_no_session_and_outputs_off()
    {
        var rig = Rig.Connected();
        rig.Tick();
        Assert.True(rig.Controller.IsQuiet);

        rig.Accept(new StartSession(10, HeatLevel.High));
        Assert.False(rig.Controller.IsQuiet); // at once: the host must bring back the session tick now
        rig.Run(TimeSpan.FromSeconds(61)); // past the warm-up: a pause is allowed
        Assert.False(rig.Controller.IsQuiet);
        rig.Accept(new PauseSession());
        Assert.False(rig.Controller.IsQuiet); // paused is still a session: its pause is timed

        rig.Accept(new StopSession());
        rig.Tick();
        Assert.True(rig.Controller.IsQuiet);
    }
}
