using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>The GPIO massager's own rules at their edges: the first sample, the staleness limit, what it reports.</summary>
public class OwnSafetyEdgeTests
{
    private static readonly OutputCommand Heat = new(0, MotorDirection.Clockwise, 1.0);

    [Fact]
    public async Task A_sensor_that_has_failed_before_connecting_is_latched_at_the_very_first_sample()
    {
        await using var rig = new GpioRig();
        rig.Tree.Inject(SimulatedFault.SensorOpen);
        await rig.Device.ConnectAsync(CancellationToken.None);

        rig.Run(TimeSpan.FromMilliseconds(100)); // one sample period: the first conversion

        Assert.Equal(0, rig.Device.Read().Sample);
        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.SensorFault));
    }

    [Fact]
    public async Task A_pad_already_at_the_ceiling_when_connecting_is_latched_at_the_very_first_sample()
    {
        await using var rig = new GpioRig(ceilingC: 25); // the pad starts at 30 °C
        await rig.Device.ConnectAsync(CancellationToken.None);

        rig.Run(TimeSpan.FromMilliseconds(100));

        Assert.True(rig.Device.Read().Faults.HasFlag(DeviceFaults.OverTemperature));
    }

    [Fact]
    public async Task Heat_is_allowed_up_to_exactly_half_a_second_after_the_last_fresh_conversion_and_not_after()
    {
        await using var rig = await GpioRig.ConnectedAsync(); // samples at 100 and 200 ms
        rig.Tree.Inject(SimulatedFault.SensorFrozen);          // the last fresh conversion was at 200 ms

        rig.Run(TimeSpan.FromMilliseconds(500));
        rig.Device.SetOutputs(Heat);
        Assert.Equal(1, rig.Tree.HeaterCommand); // exactly 500 ms: still fresh enough

        rig.Run(TimeSpan.FromMilliseconds(10));
        rig.Device.SetOutputs(Heat);
        Assert.Equal(0, rig.Tree.HeaterCommand);
    }

    [Fact]
    public async Task Every_sample_period_counts_as_a_report_even_when_the_conversion_fails()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        var before = rig.Device.Read().Reports;
        rig.Tree.Inject(SimulatedFault.SensorFrozen);

        rig.Run(TimeSpan.FromMilliseconds(500));

        Assert.Equal(before + 5, rig.Device.Read().Reports);
    }

    [Fact]
    public async Task Readings_carry_the_heater_duty_applied_now_and_zero_once_released()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(Heat with { HeaterDuty = 0.6 }, TimeSpan.FromMilliseconds(200));
        Assert.Equal(0.6, rig.Device.Read().HeaterDuty, 3);

        await rig.Device.DisconnectAsync(CancellationToken.None);

        Assert.Equal(0, rig.Device.Read().HeaterDuty);
    }

    [Fact]
    public async Task Disposing_releases_the_lines_and_ends_the_event_stream()
    {
        var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new OutputCommand(0.6, MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(200));

        await rig.Device.DisposeAsync();

        Assert.False(rig.Device.IsConnected);
        Assert.Equal(0, rig.Tree.MotorCommand);
        Assert.Equal(0, rig.Tree.HeaterCommand);
        Assert.True(rig.Device.Events.Completion.IsCompleted);
        rig.Tree.Dispose();
    }

    [Fact]
    public async Task Connecting_with_a_cancelled_token_opens_nothing()
    {
        await using var rig = new GpioRig();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await rig.Device.ConnectAsync(cancelled.Token));
        Assert.False(rig.Device.IsConnected);
    }

    [Fact]
    public void A_massager_needs_its_options()
    {
        Assert.Throws<ArgumentNullException>(() => new GpioMassager(null!, new TestSupport.Gpio.FakeGpioKernel(), 45, TimeProvider.System));
    }
}
