using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>The guards a tick runs: the loop stall at its exact limit, and device faults that trip once, when they appear.</summary>
public class SafetyPipelineTests
{
    private static SafetyPipeline NewPipeline()
    {
        var options = new SafetyOptions();
        var pipeline = new SafetyPipeline(new ThermalGuard(options), new MotorGuard(options));
        pipeline.Reset(TimeSpan.Zero);
        return pipeline;
    }

    private static DeviceReadings Reading(long sample, DeviceFaults faults = DeviceFaults.None) =>
        new(sample, TimeSpan.FromMilliseconds(100 * sample), 35, 0, 0, 0, faults);

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1001, true)]
    public void A_loop_gap_longer_than_one_second_trips_ControlLoopStalled(int gapMs, bool trips)
    {
        var trips_ = NewPipeline().Check(Reading(1), OutputCommand.Off, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(gapMs));

        Assert.Equal(trips, trips_.Any(t => t.Code == FaultCode.ControlLoopStalled));
    }

    [Fact]
    public void A_device_fault_trips_when_it_appears_and_not_again_while_it_stays()
    {
        var pipeline = NewPipeline();

        var first = pipeline.Check(Reading(1, DeviceFaults.OverTemperature), OutputCommand.Off, null, TimeSpan.FromMilliseconds(100), TimeSpan.Zero);
        var again = pipeline.Check(Reading(2, DeviceFaults.OverTemperature), OutputCommand.Off, null, TimeSpan.FromMilliseconds(200), TimeSpan.Zero);
        var another = pipeline.Check(Reading(3, DeviceFaults.OverTemperature | DeviceFaults.SensorFault), OutputCommand.Off, null, TimeSpan.FromMilliseconds(300), TimeSpan.Zero);

        Assert.Equal([FaultCode.DeviceOverTemperature], first.Select(t => t.Code));
        Assert.Empty(again);
        Assert.Equal([FaultCode.DeviceSensorFault], another.Select(t => t.Code));
    }

    [Fact]
    public void The_button_and_the_watchdog_bits_are_not_faults_of_their_own()
    {
        var trips = NewPipeline().Check(Reading(1, DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired), OutputCommand.Off, null,
            TimeSpan.FromMilliseconds(100), TimeSpan.Zero);

        Assert.Empty(trips);
    }

    [Fact]
    public void After_a_reconnect_a_fault_the_device_still_holds_trips_again()
    {
        var pipeline = NewPipeline();
        pipeline.Check(Reading(1, DeviceFaults.MotorJam), OutputCommand.Off, null, TimeSpan.FromMilliseconds(100), TimeSpan.Zero);

        pipeline.Reset(TimeSpan.FromMilliseconds(200));
        var trips = pipeline.Check(Reading(1, DeviceFaults.MotorJam), OutputCommand.Off, null, TimeSpan.FromMilliseconds(300), TimeSpan.Zero);

        Assert.Equal([FaultCode.MotorJam], trips.Select(t => t.Code));
    }

    [Fact]
    public void Unknown_device_bits_are_reported_as_a_generic_DeviceFault()
    {
        var trips = NewPipeline().Check(Reading(1, (DeviceFaults)64), OutputCommand.Off, null, TimeSpan.FromMilliseconds(100), TimeSpan.Zero);

        Assert.Equal([FaultCode.DeviceFault], trips.Select(t => t.Code));
    }
}
