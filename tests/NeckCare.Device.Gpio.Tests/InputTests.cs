using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio.Inputs;
using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Tests;

public class InputTests
{
    private const ulong Ms = 1_000_000;

    private static GpioEdgeEvent Rising(ulong ns) => new(ns, true, 25, 0, 0);

    [Fact]
    public void Tach_edges_give_the_speed_from_the_kernels_timestamps_not_from_when_they_were_read()
    {
        var tach = new TachCounter(pulsesPerRevolution: 2, fullSpeedRpm: 3000, window: TimeSpan.FromMilliseconds(500)); // 100 pulses/s at full speed
        for (ulong t = 0; t <= 400; t += 20) // 50 pulses/s, all read in one batch at 405 ms
        {
            tach.Add(Rising(t * Ms));
        }

        Assert.Equal(0.5, tach.Speed(405 * Ms, driving: 0.5), 3);
        Assert.Equal(21, tach.Total);
    }

    [Fact]
    public void Falling_edges_do_not_count_as_pulses()
    {
        var tach = new TachCounter(2, 3000, TimeSpan.FromMilliseconds(500));
        for (ulong t = 0; t <= 400; t += 20)
        {
            tach.Add(Rising(t * Ms));
            tach.Add(new GpioEdgeEvent((t + 10) * Ms, false, 25, 0, 0));
        }

        Assert.Equal(0.5, tach.Speed(405 * Ms, 0.5), 3);
    }

    [Fact]
    public void A_driven_motor_whose_pulses_stop_reads_still_after_three_expected_intervals()
    {
        var tach = new TachCounter(2, 3000, TimeSpan.FromMilliseconds(500));
        for (ulong t = 0; t <= 400; t += 20)
        {
            tach.Add(Rising(t * Ms));
        }

        // Driven at 0.5: a pulse is due every 20 ms; three missed pulses (60 ms) read as still.
        Assert.True(tach.Speed(455 * Ms, 0.5) > 0.15); // 55 ms since the last pulse: slowing, not still
        Assert.Equal(0, tach.Speed(461 * Ms, 0.5));
        Assert.Equal(0, new TachCounter(2, 3000, TimeSpan.FromMilliseconds(500)).Speed(1000 * Ms, 0.3)); // never a pulse
    }

    [Fact]
    public void A_coasting_motor_reads_as_slowing_down_as_its_pulses_space_out()
    {
        var tach = new TachCounter(2, 3000, TimeSpan.FromMilliseconds(500));
        for (ulong t = 0; t <= 200; t += 20)
        {
            tach.Add(Rising(t * Ms));
        }

        var before = tach.Speed(210 * Ms, 0);
        var later = tach.Speed(300 * Ms, 0); // 100 ms since the last pulse: at most 10 pulses/s

        Assert.Equal(0.5, before, 3);
        Assert.True(later <= 0.1 + 1e-9, $"{later}");
        Assert.Equal(0, tach.Speed(800 * Ms, 0)); // the window has emptied
    }

    [Fact]
    public async Task The_stop_button_is_debounced_by_the_kernel_and_cuts_the_outputs_before_anyone_hears_of_it()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new OutputCommand(0.8, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(10), rig.Kernel.Requests[0].Line((uint)rig.Tree.Options.StopButtonLine).Debounce);
        _ = rig.Events();

        rig.Tree.PressStopButton();
        rig.Run(GpioMassager.SamplePeriod);

        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.Single(rig.Events().OfType<StopButtonPressed>());
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.ButtonStop));
    }

    [Fact]
    public async Task After_a_press_only_off_is_accepted_until_the_host_clears_it()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Tree.PressStopButton();
        rig.Run(GpioMassager.SamplePeriod);

        rig.Drive(new OutputCommand(0.8, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300)); // a command already on its way
        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.Equal(0, rig.Tree.HeaterCommand);

        rig.Device.ClearFaults();
        rig.Drive(new OutputCommand(0.8, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));
        Assert.True(rig.Tree.MotorCommand > 0);
    }

    [Fact]
    public async Task Releasing_the_button_or_pressing_it_again_while_latched_raises_no_second_stop()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Tree.PressStopButton();
        rig.Kernel.Edge(rig.Tree.ChipPath, (uint)rig.Tree.Options.StopButtonLine, rising: false, 1); // released: not asked for
        rig.Tree.PressStopButton();
        rig.Run(GpioMassager.SamplePeriod);

        Assert.Single(rig.Events().OfType<StopButtonPressed>());
    }
}
