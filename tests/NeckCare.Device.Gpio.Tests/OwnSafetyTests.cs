using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>
/// With no microcontroller, the GPIO backend is the massager's firmware: the rules of PROTOCOL.md
/// section 4, injected into the simulated tree on the shipped code path.
/// </summary>
public class OwnSafetyTests
{
    private static readonly OutputCommand Heat = new(0, MotorDirection.Clockwise, 0.4);

    [Fact]
    public async Task The_heater_line_is_on_for_duty_times_period_in_every_period()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        var on = TimeSpan.Zero;

        for (var i = 0; i < 300; i++) // 3 s: two 1.5 s periods
        {
            if (i % 10 == 0)
            {
                rig.Device.SetOutputs(Heat);
            }

            rig.Run(TimeSpan.FromMilliseconds(10));
            on += rig.Tree.HeaterCommand > 0 ? TimeSpan.FromMilliseconds(10) : TimeSpan.Zero;
        }

        Assert.InRange(on.TotalMilliseconds, 1190, 1210); // 0.4 × 1.5 s × 2
    }

    [Fact]
    public async Task A_lower_duty_takes_effect_at_once_and_zero_switches_the_line_off_immediately()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(Heat with { HeaterDuty = 1.0 }, TimeSpan.FromMilliseconds(700));
        Assert.Equal(1, rig.Tree.HeaterCommand);

        rig.Device.SetOutputs(Heat with { HeaterDuty = 0.2 }); // 0.3 s of this period's on-time, already used up

        Assert.Equal(0, rig.Tree.HeaterCommand);
        rig.Device.SetOutputs(Heat with { HeaterDuty = 0.9 });
        rig.Device.SetOutputs(Heat with { HeaterDuty = 0 });
        Assert.Equal(0, rig.Tree.HeaterCommand);
    }

    [Fact]
    public async Task The_heater_expires_half_a_second_after_the_loop_last_fed_it_and_everything_after_one_second()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Device.SetOutputs(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0));

        rig.Run(TimeSpan.FromMilliseconds(490));
        Assert.Equal(1, rig.Tree.HeaterCommand);
        rig.Run(TimeSpan.FromMilliseconds(20));
        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.True(rig.Tree.MotorCommand > 0);
        rig.Run(TimeSpan.FromMilliseconds(500));

        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.WatchdogExpired));
        Assert.False(rig.Device.IsConnected); // deaf until a fresh start, as a firmware is until a Hello
        Assert.Contains(Drain(rig.Device), e => e is DeviceDisconnected);
    }

    [Fact]
    public async Task A_watchdog_expiry_is_kept_through_ClearFaults_and_only_a_fresh_start_releases_it()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(200));
        rig.Run(TimeSpan.FromMilliseconds(1100));

        rig.Device.ClearFaults();
        rig.Drive(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));

        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.WatchdogExpired));
        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.Equal(0, rig.Tree.HeaterCommand);

        await rig.Device.ConnectAsync(CancellationToken.None);
        rig.Drive(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));
        Assert.False(rig.Device.Read().Faults.HasFlag(DeviceFaults.WatchdogExpired));
        Assert.True(rig.Tree.MotorCommand > 0);
    }

    private static List<DeviceEvent> Drain(GpioMassager device)
    {
        var events = new List<DeviceEvent>();
        while (device.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task A_sensor_whose_conversions_fail_leaves_the_heater_off_and_its_sample_number_still()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(Heat with { HeaterDuty = 1 }, TimeSpan.FromMilliseconds(300));
        var before = rig.Device.Read().Sample;

        rig.Tree.Inject(SimulatedFault.SensorFrozen);
        rig.Drive(Heat with { HeaterDuty = 1 }, TimeSpan.FromMilliseconds(700)); // a loop feeding it blindly

        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.InRange(rig.Device.Read().Sample, before, before + 1);
    }

    [Theory]
    [InlineData(SimulatedFault.SensorOpen)]
    [InlineData(SimulatedFault.SensorShorted)]
    [InlineData(SimulatedFault.SensorNoReading)]
    public async Task A_failed_thermistor_latches_a_sensor_fault_refuses_heat_and_clears_only_once_it_reads_again(SimulatedFault fault)
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Tree.Inject(fault);
        rig.Drive(Heat with { HeaterDuty = 1 }, TimeSpan.FromMilliseconds(300));

        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault));
        rig.Device.ClearFaults();
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault)); // the cause is still there

        rig.Tree.Clear(fault);
        rig.Drive(OutputCommand.Off, TimeSpan.FromMilliseconds(300));
        rig.Device.ClearFaults();
        Assert.False(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault));
    }

    [Fact]
    public async Task At_its_own_ceiling_the_heater_goes_off_and_stays_refused_until_the_pad_has_cooled_3_degrees()
    {
        await using var rig = await GpioRig.ConnectedAsync(ceilingC: 35);
        rig.Drive(Heat with { HeaterDuty = 1 }, TimeSpan.FromMinutes(3));

        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.OverTemperature));
        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.True(rig.Tree.Physics.SampleC < 35.5, $"{rig.Tree.Physics.SampleC}");
        rig.Device.ClearFaults();
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.OverTemperature));
    }

    [Fact]
    public async Task A_ds18b20_that_disagrees_with_the_thermistor_latches_a_sensor_fault()
    {
        await using var rig = await GpioRig.ConnectedAsync(o => o.Ds18b20Id = "28-0316a2793aff");
        var w1 = rig.Device.Ds18b20Path!;
        Directory.CreateDirectory(Path.GetDirectoryName(w1)!);
        File.WriteAllText(w1, "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=30000\n");
        rig.Drive(OutputCommand.Off, TimeSpan.FromSeconds(3));
        Assert.False(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault)); // agrees with the pad, which starts at 30 °C

        File.WriteAllText(w1, "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=41000\n");
        rig.Drive(OutputCommand.Off, TimeSpan.FromSeconds(3));

        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault));
    }

    [Fact]
    public async Task The_motor_coasts_with_both_inputs_low_before_it_turns_the_other_way()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new OutputCommand(0.5, MotorDirection.Clockwise, 0), TimeSpan.FromMilliseconds(500));
        Assert.Equal(MotorDirection.Clockwise, rig.Tree.Direction);

        rig.Device.SetOutputs(new OutputCommand(0.5, MotorDirection.CounterClockwise, 0));
        Assert.Equal(0, rig.Tree.MotorCommand);
        rig.Drive(new OutputCommand(0.5, MotorDirection.CounterClockwise, 0), TimeSpan.FromMilliseconds(200));
        rig.Device.SetOutputs(new OutputCommand(0.5, MotorDirection.CounterClockwise, 0));

        Assert.Equal(0.5, rig.Tree.MotorCommand, 3);
        Assert.Equal(MotorDirection.CounterClockwise, rig.Tree.Direction);
    }

    [Fact]
    public async Task A_killed_process_releases_its_lines_and_the_pull_downs_switch_the_heater_and_the_bridge_off()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Device.SetOutputs(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0));
        Assert.True(rig.Level(rig.Tree.Options.HeaterLine) && rig.Level(rig.Tree.Options.MotorEnableLine));

        // SIGKILL: no code of ours runs; the kernel closes the request's descriptor.
        rig.Kernel.Close(rig.Kernel.Requests[0].Fd);

        Assert.False(rig.Level(rig.Tree.Options.HeaterLine));
        Assert.False(rig.Level(rig.Tree.Options.MotorEnableLine));
        Assert.Equal(0, rig.Tree.MotorCommand); // the bridge is disabled, whatever the PWM still does
    }

    [Fact]
    public async Task A_gpio_chip_that_goes_away_is_a_lost_device_with_everything_off()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));

        rig.Kernel.RemoveChip(rig.Tree.ChipPath);
        rig.Run(GpioMassager.SamplePeriod);

        Assert.False(rig.Device.IsConnected);
        Assert.Contains(rig.Events(), e => e is DeviceDisconnected d && d.Reason.Contains("No such device", StringComparison.Ordinal));
        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.Equal(0, rig.Kernel.OpenDescriptors);
    }
}
