using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Protocol;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// Outputs live only as long as the control loop: the device's heater hold (500 ms) and watchdog
/// (1000 ms) are fed by nothing but control ticks that processed a fresh reading.
/// </summary>
public class OutputsDieWithTheLoopTests
{
    private static readonly TimeSpan HeaterHold = TimeSpan.FromMilliseconds(ProtocolInfo.DefaultHeaterHoldMs);
    private static readonly TimeSpan Watchdog = TimeSpan.FromMilliseconds(1000);

    private static Rig HeatedAtLevel3()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(62));
        rig.Accept(new SetIntensity(3));
        rig.Run(TimeSpan.FromSeconds(3));
        Assert.True(rig.Device.MotorCommand > 0.5 && rig.Device.HeaterCommand > 0, rig.Device.ToString());
        return rig;
    }

    /// <summary>Advances without ticks until the device has cut the heater and the motor; returns when each went off.</summary>
    private static (TimeSpan HeaterOff, TimeSpan MotorOff) TimeDeviceSafe(Rig rig)
    {
        TimeSpan? heaterOff = null;
        TimeSpan? motorOff = null;
        for (var t = TimeSpan.Zero; t <= TimeSpan.FromSeconds(3) && motorOff is null; t += Rig.Step)
        {
            heaterOff ??= rig.Device.HeaterCommand == 0 ? t : null;
            motorOff ??= rig.Device.MotorCommand == 0 ? t : null;
            rig.Advance(Rig.Step);
        }

        return (heaterOff ?? TimeSpan.MaxValue, motorOff ?? TimeSpan.MaxValue);
    }

    [Fact]
    public void A_frozen_control_loop_leaves_the_device_safe_within_its_heater_hold_and_watchdog()
    {
        var rig = HeatedAtLevel3();
        var sentBefore = rig.Wire.Count<SetOutputs>();

        rig.LoopFrozen = true;
        var (heaterOff, motorOff) = TimeDeviceSafe(rig);

        Assert.InRange(heaterOff, HeaterHold - TimeSpan.FromMilliseconds(100), HeaterHold + TimeSpan.FromMilliseconds(20));
        Assert.InRange(motorOff, Watchdog - TimeSpan.FromMilliseconds(100), Watchdog + TimeSpan.FromMilliseconds(20));
        Assert.True(rig.Device.Faults.HasFlag(DeviceFaults.WatchdogExpired));
        Assert.Equal(sentBefore, rig.Wire.Count<SetOutputs>()); // nothing but a tick ever sends outputs
        Assert.Equal(1, rig.Device.HeaterHoldLapses); // what the Pi-shaped benchmark counts
    }

    [Fact]
    public void A_loop_that_keeps_up_never_lets_the_heater_hold_lapse()
    {
        var rig = HeatedAtLevel3();

        rig.Run(TimeSpan.FromMinutes(2));

        Assert.Equal(0, rig.Device.HeaterHoldLapses);
    }

    [Fact]
    public void A_loop_frozen_for_a_minute_never_feeds_the_device_and_nothing_resumes_when_it_thaws()
    {
        var rig = HeatedAtLevel3();
        rig.LoopFrozen = true;
        rig.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(0, rig.Device.HeaterCommand);
        Assert.False(rig.Device.Handshaken);

        rig.LoopFrozen = false;
        rig.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(SessionState.Faulted, rig.Status.State);
        Assert.Equal(FaultCode.ControlLoopStalled, rig.Status.Fault?.Code);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void A_frozen_temperature_path_stops_the_feeding_so_the_device_goes_safe_and_the_host_names_the_sensor()
    {
        var rig = HeatedAtLevel3();
        var sentBefore = rig.Wire.Count<SetOutputs>();

        rig.Device.Inject(SimulatedFault.SensorFrozen); // telemetry keeps coming, with the same sample
        var took = rig.RunUntil(r => r.Device.HeaterCommand == 0, TimeSpan.FromSeconds(2));

        Assert.True(took <= HeaterHold + Rig.TickPeriod + Rig.TickPeriod, $"heater still on after {took}");
        Assert.True(rig.Wire.Count<SetOutputs>() - sentBefore <= 1, "ticks without a fresh sample fed the device");
        rig.RunUntil(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(1));
        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(FaultCode.SensorStale, rig.Status.Fault?.Code);
    }

    [Fact]
    public void Ticks_that_see_no_new_sample_hold_back_while_every_fresh_tick_feeds_once()
    {
        var rig = Rig.Connected();
        var before = rig.Wire.Count<SetOutputs>();

        rig.Run(TimeSpan.FromSeconds(10));

        Assert.InRange(rig.Wire.Count<SetOutputs>() - before, 99, 101);
    }
}
