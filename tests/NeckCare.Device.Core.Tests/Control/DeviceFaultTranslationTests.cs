using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>What the device's own fault bits become for the person wearing it.</summary>
public class DeviceFaultTranslationTests
{
    [Fact]
    public void Each_device_fault_bit_becomes_its_own_fault_with_words_that_say_what_to_do()
    {
        var trips = DeviceFaultTranslation.ToTrips(DeviceFaults.OverTemperature | DeviceFaults.SensorFault | DeviceFaults.MotorJam | (DeviceFaults)64).ToList();

        Assert.Equal([FaultCode.DeviceOverTemperature, FaultCode.DeviceSensorFault, FaultCode.MotorJam, FaultCode.DeviceFault], trips.Select(t => t.Code));
        Assert.Contains("Let the pad cool", trips[0].Message, StringComparison.Ordinal);
        Assert.Contains("temperature sensor is not working", trips[1].Message, StringComparison.Ordinal);
        Assert.Contains("Check that nothing is caught", trips[2].Message, StringComparison.Ordinal);
        Assert.Contains("reported a fault (64)", trips[3].Message, StringComparison.Ordinal);
        Assert.Empty(DeviceFaultTranslation.ToTrips(DeviceFaults.None));
    }

    [Fact]
    public void A_generic_device_fault_is_still_present_while_the_device_reports_an_unknown_bit_and_only_then()
    {
        Assert.Equal("the massager still reports a fault.", DeviceFaultTranslation.StillReported(FaultCode.DeviceFault, (DeviceFaults)64));
        Assert.Null(DeviceFaultTranslation.StillReported(FaultCode.DeviceFault, DeviceFaults.OverTemperature | DeviceFaults.ButtonStop));
        Assert.Null(DeviceFaultTranslation.StillReported(FaultCode.MotorJam, (DeviceFaults)64));
    }

    [Fact]
    public void Before_the_first_sample_there_is_none_and_sample_zero_is_a_sample()
    {
        Assert.False(DeviceReadings.None.HasSample);
        Assert.Equal(-1, DeviceReadings.None.Sample);
        Assert.True(new DeviceReadings(0, TimeSpan.Zero, 30, 0, 0, 0, DeviceFaults.None).HasSample);
    }

    [Fact]
    public void Session_time_runs_from_the_first_run_and_a_second_run_does_not_restart_it()
    {
        var time = new ManualTimeProvider();
        var clock = new SessionClock(time);

        clock.Run();
        time.Advance(TimeSpan.FromSeconds(10));
        clock.Run();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(15), clock.Elapsed);

        clock.Hold();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(15), clock.Elapsed);
        clock.Run();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(16), clock.Elapsed);
        clock.Reset();
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
    }
}
