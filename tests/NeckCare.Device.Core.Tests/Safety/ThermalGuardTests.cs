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

    [Theory]
    [InlineData(43.99, null)]
    [InlineData(44.0, FaultCode.OverTemperature)]
    public void The_over_temperature_trip_is_at_exactly_the_limit(double c, FaultCode? expected)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);

        var trip = guard.Check(Reading(0.1, c), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(expected, trip?.Code);
    }

    [Theory]
    [InlineData(800, null)]
    [InlineData(801, FaultCode.SensorStale)]
    public void A_reading_goes_stale_after_exactly_800_ms_without_a_new_sample(int ms, FaultCode? expected)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(0.1, 35), 0, null, TimeSpan.FromSeconds(0.1)));

        var trip = guard.Check(Reading(0.1, 35), 0, null, TimeSpan.FromSeconds(0.1) + TimeSpan.FromMilliseconds(ms));

        Assert.Equal(expected, trip?.Code);
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(-0.01, FaultCode.SensorOpen)]
    [InlineData(80.0, null)]
    [InlineData(80.01, FaultCode.SensorShorted)]
    public void The_plausible_range_is_0_to_80_degrees_inclusive(double c, FaultCode? expected)
    {
        var guard = new ThermalGuard(new SafetyOptions { OverTemperatureC = 44 });
        guard.Reset(TimeSpan.Zero);

        var trip = guard.Check(Reading(0.1, c), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(expected, trip?.Code is FaultCode.OverTemperature ? null : trip?.Code);
    }

    [Theory]
    [InlineData(0.5, null)]
    [InlineData(0.51, FaultCode.SensorImplausible)]
    public void A_change_of_more_than_five_degrees_a_second_is_implausible(double stepC, FaultCode? expected)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 35), 0, null, TimeSpan.FromSeconds(0.1));

        var trip = guard.Check(Reading(0.2, 35 + stepC), 0, null, TimeSpan.FromSeconds(0.2));

        Assert.Equal(expected, trip?.Code);
    }

    [Fact]
    public void After_a_heat_fault_a_rise_past_the_settling_peak_escalates_to_HeaterStuckOn_and_lag_alone_does_not()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 42.0), 0, null, TimeSpan.FromSeconds(0.1));
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));
        Assert.True(guard.WatchingAfterHeatFault);

        // The lagging sensor rises 0.4 °C in the settling window: no escalation.
        var t = 0.2;
        for (var c = 42.0; t <= 10.1; t += 0.1, c = Math.Min(42.4, c + 0.01))
        {
            Assert.Null(guard.Check(Reading(t, c), 0, null, TimeSpan.FromSeconds(t)));
        }

        Assert.Null(guard.Check(Reading(t, 42.69), 0, null, TimeSpan.FromSeconds(t)));
        t += 0.1;
        var trip = guard.Check(Reading(t, 42.7), 0, null, TimeSpan.FromSeconds(t));

        Assert.Equal(FaultCode.HeaterStuckOn, trip?.Code);
        Assert.Contains("Unplug", trip!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_the_fault_is_cleared_the_escalation_watch_stops()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 40.0), 0, null, TimeSpan.FromSeconds(0.1));
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));

        guard.FaultCleared();

        Assert.False(guard.WatchingAfterHeatFault);
        Assert.Null(guard.Check(Reading(11, 40.5), 0, null, TimeSpan.FromSeconds(11)));
    }

    /// <summary>Feeds a new sample every 100 ms from <paramref name="fromS"/> to <paramref name="toS"/>; returns the first trip.</summary>
    private static Trip? Feed(ThermalGuard guard, double fromS, double toS, Func<double, double> c, double duty = 0)
    {
        for (var t = fromS; t <= toS + 1e-9; t += 0.1)
        {
            if (guard.Check(Reading(t, c(t)), duty, null, TimeSpan.FromSeconds(t)) is { } trip)
            {
                return trip;
            }
        }

        return null;
    }

    [Fact]
    public void The_escalation_only_watches_while_the_heater_is_commanded_off()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 40.0), 0, null, TimeSpan.FromSeconds(0.1));
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));

        // Heater commanded on (a later session, say) and the pad warming: that is heating, not a stuck heater.
        Assert.Null(Feed(guard, 0.2, 15, t => 40.0 + (0.1 * t), duty: 0.5));
    }

    [Theory]
    [InlineData(0.29, null)]
    [InlineData(0.3, FaultCode.HeaterStuckOn)]
    public void After_the_settling_window_a_rise_of_exactly_0_3_degrees_escalates(double rise, FaultCode? expected)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 40.0), 0, null, TimeSpan.FromSeconds(0.1));
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));
        Assert.Null(Feed(guard, 0.2, 10.1, _ => 40.0));

        Assert.Equal(expected, guard.Check(Reading(10.2, 40.0 + rise), 0, null, TimeSpan.FromSeconds(10.2))?.Code);
    }

    [Fact]
    public void A_rise_inside_the_settling_window_raises_the_line_instead_of_escalating()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 40.0), 0, null, TimeSpan.FromSeconds(0.1));
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));

        Assert.Null(guard.Check(Reading(10.0, 40.4), 0, null, TimeSpan.FromSeconds(10.0))); // 9.9 s after: still settling
        Assert.Null(guard.Check(Reading(10.3, 40.6), 0, null, TimeSpan.FromSeconds(10.3))); // below 40.4 + 0.3
        Assert.Equal(FaultCode.HeaterStuckOn, guard.Check(Reading(10.4, 40.7), 0, null, TimeSpan.FromSeconds(10.4))?.Code);
    }

    [Fact]
    public void With_heat_off_a_rise_of_2_degrees_over_20_seconds_trips_HeaterStuckOn_and_1_9_does_not()
    {
        var slow = new ThermalGuard(new SafetyOptions());
        slow.Reset(TimeSpan.Zero);
        Assert.Null(Feed(slow, 0.1, 40, t => 35.0 + (0.095 * t)));

        var fast = new ThermalGuard(new SafetyOptions());
        fast.Reset(TimeSpan.Zero);
        var trip = Feed(fast, 0.1, 40, t => 35.0 + (0.1 * t));
        Assert.Equal(FaultCode.HeaterStuckOn, trip?.Code);
    }

    [Fact]
    public void The_stuck_on_rule_waits_10_seconds_for_the_lag_then_20_of_evidence_after_the_heater_went_off()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(Feed(guard, 0.1, 30, t => 35.0, duty: 0.5)); // heating: not judged
        // Off from 30 s, then a fast rise (a stuck switch): nothing before 10 + 20 s of "off" have passed.
        var trip = Feed(guard, 30.1, 60.1, t => 35.0 + (0.2 * (t - 30)));

        Assert.Equal(FaultCode.HeaterStuckOn, trip?.Code);
        Assert.Null(Feed(NewGuard(), 0.1, 29.9, t => 35.0 + (0.2 * t)));
    }

    private static ThermalGuard NewGuard()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        return guard;
    }

    [Theory]
    [InlineData(41.99, false)]
    [InlineData(42.0, true)]
    public void Over_temperature_stays_present_until_the_pad_is_2_degrees_below_the_trip(double c, bool present)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, c), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(present, guard.StillPresent(FaultCode.OverTemperature, TimeSpan.FromSeconds(0.1)) is not null);
    }

    [Theory]
    [InlineData(41.99, false)]
    [InlineData(42.0, true)]
    public void The_devices_own_over_temperature_stays_present_until_3_degrees_below_its_ceiling(double c, bool present)
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, c), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(present, guard.StillPresent(FaultCode.DeviceOverTemperature, TimeSpan.FromSeconds(0.1), 45.0) is not null);
    }

    [Fact]
    public void A_sensor_fault_needs_five_seconds_of_steady_readings_after_the_last_bad_one()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Equal(FaultCode.SensorOpen, guard.Check(Reading(0.1, -40), 0, null, TimeSpan.FromSeconds(0.1))?.Code);
        Assert.NotNull(guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(0.1)));
        for (var i = 2; i <= 52; i++)
        {
            // The step back from −40 °C at 0.2 s is itself a jump; steady from there on.
            guard.Check(Reading(i / 10.0, 35.0), 0, null, TimeSpan.FromSeconds(i / 10.0));
        }

        Assert.NotNull(guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(5.19)));
        Assert.Null(guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(5.2)));
    }

    [Fact]
    public void The_devices_own_over_temperature_clears_by_the_devices_ceiling_not_the_hard_one()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 38), 0, null, TimeSpan.FromSeconds(0.1));

        // 38 °C is not 3 °C below a 40 °C ceiling, though it is below the hard 45 °C one's 42.
        Assert.NotNull(guard.StillPresent(FaultCode.DeviceOverTemperature, TimeSpan.FromSeconds(0.2), deviceCeilingC: 40));
        Assert.Null(guard.StillPresent(FaultCode.DeviceOverTemperature, TimeSpan.FromSeconds(0.2)));
    }

    [Fact]
    public void A_sensor_that_stopped_is_still_present_while_no_new_sample_arrives()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 35), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Null(guard.StillPresent(FaultCode.SensorStale, TimeSpan.FromSeconds(0.9)));
        Assert.Contains("not responding", guard.StillPresent(FaultCode.SensorStale, TimeSpan.FromSeconds(0.91)), StringComparison.Ordinal);
    }

    [Fact]
    public void Readings_that_stop_while_the_link_damages_frames_trip_LinkDegraded_not_SensorStale()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(0.1, 35) with { LinkErrors = 4 }, 0, null, TimeSpan.FromSeconds(0.1)));

        Assert.Null(guard.Check(Reading(0.1, 35) with { LinkErrors = 9 }, 0, null, TimeSpan.FromSeconds(0.9)));
        var trip = guard.Check(Reading(0.1, 35) with { LinkErrors = 9 }, 0, null, TimeSpan.FromSeconds(1.0));

        Assert.Equal(FaultCode.LinkDegraded, trip?.Code);
        Assert.Contains("damaged 5 frames", trip!.Message, StringComparison.Ordinal);
        Assert.Equal("the temperature sensor is still not responding.", guard.StillPresent(FaultCode.LinkDegraded, TimeSpan.FromSeconds(1.0)));
    }

    [Fact]
    public void Readings_that_stop_on_a_clean_link_are_the_sensor()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(0.1, 35) with { LinkErrors = 4 }, 0, null, TimeSpan.FromSeconds(0.1)));

        var trip = guard.Check(Reading(0.1, 35) with { LinkErrors = 4 }, 0, null, TimeSpan.FromSeconds(1.2));

        Assert.Equal(FaultCode.SensorStale, trip?.Code);
    }

    [Fact]
    public void After_link_trouble_acknowledging_needs_five_seconds_of_steady_readings()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        guard.Check(Reading(0.1, 35), 0, null, TimeSpan.FromSeconds(0.1));
        Assert.Equal(FaultCode.LinkDegraded, guard.Check(Reading(0.1, 35) with { LinkErrors = 1 }, 0, null, TimeSpan.FromSeconds(1.2))?.Code);

        guard.Check(Reading(1.3, 35) with { LinkErrors = 1 }, 0, null, TimeSpan.FromSeconds(1.3));

        Assert.NotNull(guard.StillPresent(FaultCode.LinkDegraded, TimeSpan.FromSeconds(1.3)));
        for (var s = 1.4; s < 6.3; s += 0.1)
        {
            guard.Check(Reading(s, 35) with { LinkErrors = 1 }, 0, null, TimeSpan.FromSeconds(s));
        }

        Assert.Null(guard.StillPresent(FaultCode.LinkDegraded, TimeSpan.FromSeconds(6.3)));
    }

    [Fact]
    public void When_no_report_arrives_at_all_the_sensor_is_not_blamed_and_after_two_seconds_the_device_is()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(0.1, 35) with { Reports = 1 }, 0, null, TimeSpan.FromSeconds(0.1)));

        Assert.Null(guard.Check(Reading(0.1, 35) with { Reports = 1 }, 0, null, TimeSpan.FromSeconds(1.5)));
        Assert.Null(guard.Check(Reading(0.1, 35) with { Reports = 1 }, 0, null, TimeSpan.FromSeconds(2.1)));
        var trip = guard.Check(Reading(0.1, 35) with { Reports = 1 }, 0, null, TimeSpan.FromSeconds(2.2));

        Assert.Equal(FaultCode.DeviceFault, trip?.Code);
        Assert.Contains("stopped sending readings", trip!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_that_keep_arriving_with_the_same_sample_are_a_stalled_sensor()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        Assert.Null(guard.Check(Reading(0.1, 35) with { Reports = 1 }, 0, null, TimeSpan.FromSeconds(0.1)));

        var trip = guard.Check(Reading(0.1, 35) with { Reports = 11 }, 0, null, TimeSpan.FromSeconds(1.2));

        Assert.Equal(FaultCode.SensorStale, trip?.Code);
    }
}
