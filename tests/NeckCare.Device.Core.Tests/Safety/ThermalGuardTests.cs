using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>Guard rules that no simulator fault can reach through the controller's normal paths.</summary>
public class ThermalGuardTests
{
    private static DeviceReadings Reading(double seconds, double c) =>
        new((long)Math.Round(seconds * 10), TimeSpan.FromSeconds(seconds), c, 0, 0, 0, DeviceFaults.None);

    [Fact]
    public void Heat_left_on_longer_than_the_longest_session_trips_HeatTimeExceeded()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.StartSession();
        Trip? trip = null;
        for (var s = 0.1; s < 17 * 60 && trip is null; s += 0.1)
        {
            trip = guard.Check(Reading(s, 40.0), heaterDuty: 0.4, targetC: null, TimeSpan.FromSeconds(s));
            if (trip is not null)
            {
                Assert.InRange(s, 16 * 60, (16 * 60) + 0.2);
            }
        }

        Assert.Equal(FaultCode.HeatTimeExceeded, trip?.Code);
    }

    [Fact]
    public void A_reading_that_is_not_a_number_trips_SensorImplausible()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);

        var trip = guard.Check(Reading(0.1, double.NaN), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(FaultCode.SensorImplausible, trip?.Code);
    }

    [Fact]
    public void Ordinary_readings_at_target_trip_nothing()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        for (var s = 0.1; s < 120; s += 0.1)
        {
            Assert.Null(guard.Check(Reading(s, 41.0 + (0.05 * Math.Sin(s))), 0.35, 41.0, TimeSpan.FromSeconds(s)));
        }
    }

    [Fact]
    public void Two_samples_delivered_a_millisecond_apart_are_not_mistaken_for_an_impossible_change()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(1.000, 30.1), 0, null, TimeSpan.FromSeconds(1.0)));

        var trip = guard.Check(Reading(1.001, 30.0), 0, null, TimeSpan.FromSeconds(1.1));

        Assert.Null(trip);
    }

    [Fact]
    public void A_real_jump_within_one_sample_period_still_trips()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(1.0, 30.0), 0, null, TimeSpan.FromSeconds(1.0));

        var trip = guard.Check(Reading(1.1, 31.0), 0, null, TimeSpan.FromSeconds(1.1));

        Assert.Equal(FaultCode.SensorImplausible, trip?.Code);
    }
}
