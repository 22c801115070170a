using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>
/// Every row of the fault matrix (docs/fault-matrix.md): inject the fault into the simulator, in
/// simulated time, and check outputs off within the stated time, the latched code, and that
/// acknowledging works only once the cause is gone.
/// </summary>
public class FaultInjectionTests
{
    private static Rig HeatingAtLevel3(HeatLevel heat = HeatLevel.High)
    {
        var rig = Rig.Running(minutes: 15, heat: heat);
        rig.Run(TimeSpan.FromSeconds(65));
        rig.Accept(new SetIntensity(3));
        rig.Run(TimeSpan.FromSeconds(5));
        return rig;
    }

    private static TimeSpan TimeToFault(Rig rig, TimeSpan limit) =>
        rig.RunUntil(r => r.Status.State == SessionState.Faulted, limit);

    private static void AssertLatched(Rig rig, FaultCode code)
    {
        Assert.Equal(SessionState.Faulted, rig.Status.State);
        Assert.Equal(code, rig.Status.Fault?.Code);
        Assert.False(string.IsNullOrWhiteSpace(rig.Status.Fault?.Message));
        rig.AssertOutputsOff();

        // Latched: time alone never clears it, and nothing restarts.
        rig.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(SessionState.Faulted, rig.Status.State);
        rig.AssertOutputsOff();
        Assert.Equal("fault-latched", rig.Refuse(new StartSession(10, HeatLevel.Off)).Code);
    }

    private static void AssertAcknowledgeOnlyAfterClearing(Rig rig, SimulatedFault fault, TimeSpan? settle = null)
    {
        Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);
        Assert.Equal(SessionState.Faulted, rig.Status.State);

        rig.Device.Clear(fault);
        rig.Run(settle ?? TimeSpan.FromSeconds(6));
        rig.Accept(new AcknowledgeFault());

        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.Null(rig.Status.Fault);
        Assert.Equal(0, rig.Status.Intensity);
    }

    [Fact]
    public void An_open_sensor_switches_everything_off_within_one_tick_and_latches_SensorOpen()
    {
        var rig = HeatingAtLevel3();
        rig.Device.Inject(SimulatedFault.SensorOpen);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(1));

        Assert.True(took <= TimeSpan.FromMilliseconds(200), $"took {took}");
        AssertLatched(rig, FaultCode.SensorOpen);
        AssertAcknowledgeOnlyAfterClearing(rig, SimulatedFault.SensorOpen);
    }

    [Fact]
    public void A_shorted_sensor_switches_everything_off_within_one_tick_and_latches_SensorShorted()
    {
        var rig = HeatingAtLevel3();
        rig.Device.Inject(SimulatedFault.SensorShorted);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(1));

        Assert.True(took <= TimeSpan.FromMilliseconds(200), $"took {took}");
        AssertLatched(rig, FaultCode.SensorShorted);
        AssertAcknowledgeOnlyAfterClearing(rig, SimulatedFault.SensorShorted);
    }

    [Fact]
    public void A_sensor_that_stops_reporting_trips_SensorStale_within_about_a_second()
    {
        var rig = HeatingAtLevel3();
        rig.Device.Inject(SimulatedFault.SensorFrozen);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(3));

        Assert.InRange(took.TotalSeconds, 0.9, 1.3);
        AssertLatched(rig, FaultCode.SensorStale);
        AssertAcknowledgeOnlyAfterClearing(rig, SimulatedFault.SensorFrozen);
    }

    [Fact]
    public void A_sensor_detached_from_the_pad_while_heating_trips_HeatingTooSlow_within_thirty_seconds()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Device.Inject(SimulatedFault.SensorDetached);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(40));

        Assert.True(took <= TimeSpan.FromSeconds(30.2), $"took {took}");
        AssertLatched(rig, FaultCode.HeatingTooSlow);
        Assert.True(rig.Device.Physics.PadC < rig.Safety.OverTemperatureC, "the pad never got near the trip");
        rig.Device.Clear(SimulatedFault.SensorDetached);
        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public void A_half_power_heater_is_caught_as_heating_too_slowly_before_reaching_the_high_target()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Device.Inject(SimulatedFault.HeaterHalfPower);

        var took = TimeToFault(rig, TimeSpan.FromMinutes(5));

        AssertLatched(rig, FaultCode.HeatingTooSlow);
        Assert.True(took < TimeSpan.FromMinutes(4), $"took {took}");
        rig.Device.Clear(SimulatedFault.HeaterHalfPower);
        rig.Accept(new AcknowledgeFault());
    }

    [Fact]
    public void A_heater_stuck_on_with_heat_off_trips_HeaterStuckOn_telling_the_user_to_unplug()
    {
        var rig = HeatingAtLevel3(HeatLevel.Off);
        rig.Device.Inject(SimulatedFault.HeaterStuckOn);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(40));

        Assert.True(took <= TimeSpan.FromSeconds(20.2), $"took {took}");
        AssertLatched(rig, FaultCode.HeaterStuckOn);
        Assert.Contains("Unplug", rig.Status.Fault!.Message, StringComparison.OrdinalIgnoreCase);
        // While it keeps heating, acknowledging is refused; once the heater is dead it cools and clears.
        AssertAcknowledgeOnlyAfterClearing(rig, SimulatedFault.HeaterStuckOn, TimeSpan.FromSeconds(25));
    }

    [Fact]
    public void A_heater_stuck_on_while_regulating_never_lets_the_pad_reach_the_over_temperature_trip()
    {
        var rig = HeatingAtLevel3(HeatLevel.High);
        rig.Run(TimeSpan.FromMinutes(3));
        rig.Device.Inject(SimulatedFault.HeaterStuckOn);

        TimeToFault(rig, TimeSpan.FromMinutes(2));

        Assert.Contains(rig.Status.Fault!.Code, new[] { FaultCode.HeaterStuckOn, FaultCode.OverTemperature });
        Assert.True(rig.Device.Physics.SensorC <= rig.Safety.OverTemperatureC + 0.2);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void Heat_from_outside_that_pushes_the_pad_to_44_degrees_trips_OverTemperature_within_one_tick()
    {
        var rig = HeatingAtLevel3(HeatLevel.High);
        rig.Run(TimeSpan.FromMinutes(3));
        rig.Device.Inject(SimulatedFault.ExternalHeat);

        rig.RunUntil(r => r.Status.State == SessionState.Faulted, TimeSpan.FromMinutes(2));

        // Tripped on the first tick whose reading reached the limit (the pad warms < 0.05 °C a tick).
        Assert.InRange(rig.Status.Heat.TemperatureC!.Value, 44.0, 44.1);
        Assert.Equal(0, rig.Device.HeaterCommand);
        AssertLatched(rig, FaultCode.OverTemperature);
        rig.Device.Clear(SimulatedFault.ExternalHeat);
        Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);
        rig.RunUntil(r => r.Device.Physics.SampleC < 41.5, TimeSpan.FromMinutes(10));
        rig.Accept(new AcknowledgeFault());
    }

    [Fact]
    public void A_jam_at_high_level_stops_the_motor_within_300_ms_and_latches_MotorJam()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(65));
        rig.Accept(new SetIntensity(5));
        rig.Run(TimeSpan.FromSeconds(5));
        rig.Device.Inject(SimulatedFault.MotorJam);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(2));

        Assert.True(took <= TimeSpan.FromMilliseconds(300), $"took {took}");
        AssertLatched(rig, FaultCode.MotorJam);
        rig.Device.Clear(SimulatedFault.MotorJam);
        rig.Accept(new AcknowledgeFault());
    }

    [Fact]
    public void A_jam_at_the_lightest_level_shows_as_no_rotation_and_latches_MotorStalled()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(5));
        rig.Device.Inject(SimulatedFault.MotorJam);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(2));

        Assert.True(took <= TimeSpan.FromMilliseconds(600), $"took {took}");
        AssertLatched(rig, FaultCode.MotorStalled);
    }

    [Fact]
    public void Unplugging_the_device_mid_session_latches_LinkLost_and_acknowledging_waits_for_the_device()
    {
        var rig = HeatingAtLevel3();
        rig.Unplug();

        var took = TimeToFault(rig, TimeSpan.FromSeconds(1));

        Assert.True(took <= TimeSpan.FromMilliseconds(100), $"took {took}");
        AssertLatched(rig, FaultCode.LinkLost);
        Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);

        rig.PlugIn();
        Assert.True(rig.Connect());
        Assert.Equal(SessionState.Faulted, rig.Status.State); // nothing resumes on reconnect
        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.Equal(0, rig.Status.Intensity);
    }

    [Fact]
    public void Unplugging_an_idle_device_just_shows_disconnected()
    {
        var rig = Rig.Connected();
        rig.Unplug();
        rig.Tick();

        Assert.Equal(SessionState.Disconnected, rig.Status.State);
        Assert.Null(rig.Status.Fault);
    }

    [Fact]
    public void The_physical_stop_button_ends_the_session_with_outputs_cut_by_the_device_itself()
    {
        var rig = HeatingAtLevel3();

        rig.Device.PressStopButton();
        Assert.Equal(0, rig.Device.MotorCommand); // before the host has even heard of it
        rig.Tick();

        Assert.Equal(SessionState.Idle, rig.Status.State);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void The_firmware_ceiling_cuts_the_heater_by_itself_even_when_the_host_keeps_commanding_heat()
    {
        var rig = Rig.Connected();
        rig.Device.Inject(SimulatedFault.ExternalHeat);
        rig.LoopFrozen = true; // a host that has lost its mind: full heat, straight to the backend

        for (var i = 0; i < 20 * 60 * 10 && rig.Device.Physics.SensorC < 45.5; i++)
        {
            rig.Host.SetOutputs(new Hardware.OutputCommand(0, Hardware.MotorDirection.Clockwise, 1.0));
            rig.Tick();
        }

        Assert.Equal(0, rig.Device.HeaterCommand);
        Assert.True(rig.Device.Faults.HasFlag(Hardware.DeviceFaults.OverTemperature));
        Assert.True(rig.Host.Events.TryRead(out var e) && e is Hardware.DeviceReportedFault);
    }

    [Fact]
    public void A_heater_stuck_on_under_outside_heat_trips_the_hosts_OverTemperature_before_the_devices_own_ceiling()
    {
        var rig = HeatingAtLevel3();
        rig.Device.Inject(SimulatedFault.ExternalHeat);
        rig.Device.Inject(SimulatedFault.HeaterStuckOn);

        // The host trips first (44 °C); the device's own ceiling (45 °C) is the second line.
        TimeToFault(rig, TimeSpan.FromMinutes(3));

        rig.AssertOutputsOff();
        Assert.Equal(FaultCode.OverTemperature, rig.Status.Fault?.Code);
        Assert.False(rig.Device.Faults.HasFlag(Hardware.DeviceFaults.OverTemperature), "the device's ceiling was not needed");
    }

    [Fact]
    public void A_control_loop_held_up_for_more_than_two_seconds_latches_ControlLoopStalled()
    {
        var rig = HeatingAtLevel3();

        rig.Time.Advance(TimeSpan.FromSeconds(2.5));
        rig.Controller.Tick();

        Assert.Equal(FaultCode.ControlLoopStalled, rig.Status.Fault?.Code);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void A_reading_that_jumps_faster_than_a_pad_can_change_trips_SensorImplausible_within_one_tick()
    {
        var rig = HeatingAtLevel3();
        rig.Device.Inject(SimulatedFault.SensorGlitch);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(1));

        Assert.True(took <= TimeSpan.FromMilliseconds(200), $"took {took}");
        Assert.Equal(FaultCode.SensorImplausible, rig.Status.Fault?.Code);
        rig.AssertOutputsOff();
        // A jump is momentary: acknowledging needs 5 s of steady readings after the last bad one.
        Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);
        rig.Device.Clear(SimulatedFault.SensorGlitch); // the step back is another jump
        rig.Run(TimeSpan.FromSeconds(3));
        Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);
        rig.Run(TimeSpan.FromSeconds(3));
        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public void A_sensor_that_comes_off_after_the_target_was_reached_trips_on_the_cumulative_shortfall()
    {
        var rig = HeatingAtLevel3(HeatLevel.High);
        rig.RunUntil(r => r.Status.Heat.TemperatureC >= 40.9, TimeSpan.FromMinutes(4));
        rig.Run(TimeSpan.FromSeconds(60));
        rig.Device.Inject(SimulatedFault.SensorDetached);

        var took = TimeToFault(rig, TimeSpan.FromSeconds(60));

        Assert.True(took <= TimeSpan.FromSeconds(30), $"took {took}");
        AssertLatched(rig, FaultCode.HeatingTooSlow);
        Assert.True(rig.Device.Physics.PadC < 43.0, $"pad reached {rig.Device.Physics.PadC:0.0} °C");
    }

    [Fact]
    public void The_stop_command_cuts_outputs_before_any_further_tick()
    {
        var rig = HeatingAtLevel3(HeatLevel.High);
        var before = rig.Time.GetUtcNow();

        rig.Accept(new StopSession());

        Assert.Equal(before, rig.Time.GetUtcNow());
        rig.AssertOutputsOff();
    }

    [Fact]
    public void Lifting_the_pad_off_the_neck_and_back_is_a_disturbance_not_a_fault()
    {
        var rig = HeatingAtLevel3(HeatLevel.High);
        rig.Run(TimeSpan.FromMinutes(3));

        rig.Device.Inject(SimulatedFault.LiftedOff);
        rig.Run(TimeSpan.FromMinutes(2));
        rig.Device.Clear(SimulatedFault.LiftedOff);
        rig.Run(TimeSpan.FromMinutes(2));

        Assert.Null(rig.Status.Fault);
        Assert.InRange(rig.Status.Heat.TemperatureC!.Value, 40.5, 41.5);
    }
}
