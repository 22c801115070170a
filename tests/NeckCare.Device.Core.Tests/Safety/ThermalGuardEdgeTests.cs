using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>
/// The thermal guard at the exact edges of its rules, and the words it gives for refusing an
/// acknowledgement: each test pins one boundary a person's safety rests on.
/// </summary>
public class ThermalGuardEdgeTests
{
    private static DeviceReadings Reading(long sample, double seconds, double c, long reports = -1) =>
        new(sample, TimeSpan.FromSeconds(seconds), c, 0, 0, 0, DeviceFaults.None, Reports: reports);

    private static ThermalGuard NewGuard()
    {
        var guard = new ThermalGuard(new SafetyOptions());
        guard.Reset(TimeSpan.Zero);
        return guard;
    }

    private static Trip? At(ThermalGuard guard, long sample, double seconds, double c, double duty = 0) =>
        guard.Check(Reading(sample, seconds, c), duty, null, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_new_guard_takes_its_first_reading_whatever_the_sample_number()
    {
        var guard = new ThermalGuard(new SafetyOptions());

        guard.Check(Reading(1, 0.1, 36.5), 0, null, TimeSpan.FromSeconds(0.1));

        Assert.Equal(36.5, guard.LastTemperatureC);
    }

    [Fact]
    public void A_jump_between_the_first_two_samples_of_a_connection_is_caught()
    {
        var guard = NewGuard();
        Assert.Null(At(guard, 0, 0.1, 30.0));

        Assert.Equal(FaultCode.SensorImplausible, At(guard, 1, 0.2, 31.0)?.Code);
    }

    [Fact]
    public void Two_samples_stamped_with_the_same_device_time_are_judged_as_one_sample_period_apart()
    {
        var guard = NewGuard();
        Assert.Null(At(guard, 5, 3.0, 30.0));

        Assert.Equal(FaultCode.SensorImplausible, guard.Check(Reading(6, 3.0, 31.0), 0, null, TimeSpan.FromSeconds(3.1))?.Code);
    }

    [Fact]
    public void A_change_after_a_gap_in_the_samples_is_judged_by_the_time_that_passed()
    {
        // 2 °C over 1 s is a pad warming quickly (2 °C/s), not a broken sensor (over 5 °C/s).
        var guard = NewGuard();
        Assert.Null(At(guard, 0, 0.1, 30.0));

        Assert.Null(At(guard, 1, 1.1, 32.0));
        Assert.Equal(32.0, guard.LastTemperatureC);
    }

    [Fact]
    public void A_device_that_counts_its_reports_and_has_sent_none_is_a_silent_device_not_a_stale_sensor()
    {
        var guard = NewGuard();
        var noSample = new DeviceReadings(-1, TimeSpan.Zero, double.NaN, 0, 0, 0, DeviceFaults.None, Reports: 0);

        Assert.Null(guard.Check(noSample, 0, null, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(FaultCode.DeviceFault, guard.Check(noSample, 0, null, TimeSpan.FromSeconds(2.5))?.Code);
    }

    [Fact]
    public void Heat_on_for_exactly_the_longest_session_allowance_is_allowed_and_a_moment_more_is_not()
    {
        var guard = NewGuard();
        guard.StartSession();
        var allowance = SafetyLimits.MaxHeatOn.TotalSeconds;
        Trip? trip = null;
        for (var s = 1; s <= allowance && trip is null; s++)
        {
            trip = At(guard, s, s, 40.0, duty: 0.4);
        }

        Assert.Null(trip);
        var past = At(guard, (long)allowance + 1, allowance + 0.1, 40.0, duty: 0.4);
        Assert.Equal(FaultCode.HeatTimeExceeded, past?.Code);
        Assert.Equal("Heat was on longer than the longest session allows; it has been switched off.", past?.Message);
    }

    [Fact]
    public void A_sensor_that_still_reads_open_is_named_with_its_reading_when_acknowledging()
    {
        var guard = NewGuard();
        Assert.Equal(FaultCode.SensorOpen, At(guard, 0, 0.1, -20.0)?.Code);

        Assert.Equal("the temperature sensor still reads -20.0 °C.", guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(0.2)));
    }

    [Fact]
    public void After_a_bad_reading_five_seconds_of_good_ones_are_needed_before_acknowledging()
    {
        var guard = NewGuard();
        Assert.Equal(FaultCode.SensorOpen, At(guard, 0, 0.1, -20.0)?.Code);
        Assert.Equal(FaultCode.SensorImplausible, At(guard, 1, 0.2, 30.0)?.Code); // back from −20 °C at once: a jump
        for (var i = 2; i <= 50; i++)
        {
            Assert.Null(At(guard, i, i * 0.1, 30.0));
        }

        Assert.Equal("the temperature readings have not been steady for 5 s yet.", guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(5.1)));
        At(guard, 51, 5.2, 30.0);
        Assert.Null(guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(5.2)));
    }

    [Theory]
    [InlineData(14.9, "the temperature readings have not been steady for 5 s yet.")]
    [InlineData(15.0, null)]
    public void A_sensor_fault_latched_on_good_readings_counts_as_present_for_exactly_5_seconds_from_the_latch(double at, string? expected)
    {
        var guard = NewGuard();
        for (var i = 1; i <= 100; i++)
        {
            At(guard, i, i * 0.1, 30.0);
        }

        guard.SensorFaultLatched(TimeSpan.FromSeconds(10.0)); // the device's latch, before any bad reading here
        for (var i = 101; i <= at * 10; i++)
        {
            At(guard, i, i * 0.1, 30.0);
        }

        Assert.Equal(expected, guard.StillPresent(FaultCode.SensorOpen, TimeSpan.FromSeconds(at)));
    }

    [Theory]
    [InlineData(0.49, null)]
    [InlineData(0.5, "the pad is still warming with the heater off; unplug the device.")]
    public void A_stuck_heater_counts_as_still_stuck_while_the_pad_rose_half_a_degree_or_more_over_the_window(double rise, string? expected)
    {
        // Off since 0: readings count from 10 s (the lag), and the 20 s window is covered at 30 s.
        var guard = NewGuard();
        At(guard, 1, 10.0, 40.0);

        At(guard, 2, 30.0, 40.0 + rise);

        Assert.Equal(expected, guard.StillPresent(FaultCode.HeaterStuckOn, TimeSpan.FromSeconds(30.0)));
    }

    [Fact]
    public void A_stuck_heater_is_not_cleared_by_a_window_the_readings_do_not_cover_whole()
    {
        // Five seconds of flat readings say nothing about twenty (the audit saw an acknowledge after 5 s).
        var guard = NewGuard();
        At(guard, 1, 10.0, 40.0);
        At(guard, 2, 29.9, 40.0);

        Assert.Equal("the pad is still warming with the heater off; unplug the device.",
            guard.StillPresent(FaultCode.HeaterStuckOn, TimeSpan.FromSeconds(29.9)));
    }

    [Fact]
    public void A_stuck_heater_cannot_be_acknowledged_on_a_sensor_that_gives_no_reading()
    {
        var guard = NewGuard();
        At(guard, 1, 1.0, 40.0);
        At(guard, 2, 1.1, 40.0);

        At(guard, 3, 1.2, double.NaN);

        Assert.Equal("the pad is still warming with the heater off; unplug the device.",
            guard.StillPresent(FaultCode.HeaterStuckOn, TimeSpan.FromSeconds(1.2)));
    }

    [Fact]
    public void The_stuck_on_rise_is_measured_from_the_oldest_reading_inside_the_window_not_before_it()
    {
        // 29 °C at 0.1 s, then 30 °C from 0.6 s rising slowly: at 20.5 s the 29 °C reading has just left
        // the 20 s window, so 31.9 °C is a rise of 1.9 °C (from 30 °C), not 2.9.
        var guard = NewGuard();
        At(guard, 1, 0.1, 29.0);
        for (var i = 0; i <= 194; i++)
        {
            Assert.Null(At(guard, 2 + i, 0.6 + (i * 0.1), 30.0 + (i * 0.9 / 194)));
        }

        Assert.Null(At(guard, 300, 20.5, 31.9));
    }

    [Fact]
    public void The_stuck_on_rule_judges_from_exactly_thirty_seconds_after_the_heater_went_off_ten_for_the_lag_and_twenty_of_evidence()
    {
        var guard = NewGuard(); // heater off since 0
        At(guard, 1, 0.0, 30.0);
        for (var i = 1; i < 300; i++)
        {
            Assert.Null(At(guard, 1 + i, i * 0.1, 30.0 + (i * 0.01))); // 0.1 °C/s: 2 °C over 20 s from 10 s on
        }

        Assert.Equal(FaultCode.HeaterStuckOn, At(guard, 400, 30.0, 33.0)?.Code); // 31.0 at 10 s: exactly 2 °C, exactly 20 s
    }

    [Fact]
    public void Readings_after_a_glitch_are_no_evidence_of_a_stuck_heater_until_the_sensor_has_been_steady_for_5_seconds()
    {
        // The audit's false "unplug": a +8 °C glitch held for a second, heater off for long.
        var guard = NewGuard();
        for (var i = 1; i <= 300; i++)
        {
            Assert.Null(At(guard, i, i * 0.1, 30.0));
        }

        Assert.Equal(FaultCode.SensorImplausible, At(guard, 301, 30.1, 38.0)?.Code);
        for (var i = 2; i <= 10; i++)
        {
            Assert.Null(At(guard, 300 + i, 30.0 + (i * 0.1), 38.0)); // the glitch holds its offset: not a rise
        }

        Assert.Equal(FaultCode.SensorImplausible, At(guard, 311, 31.1, 30.0)?.Code);
        for (var i = 1; i <= 600; i++)
        {
            Assert.Null(At(guard, 311 + i, 31.1 + (i * 0.1), 30.0));
        }
    }

    [Fact]
    public void The_stuck_on_rule_does_not_judge_a_pad_that_went_on_warming_just_after_the_heater_went_off()
    {
        // The pad lags the element: a cut at 10 s may see it rise for a few seconds; that is not a stuck heater.
        var guard = NewGuard();
        for (var i = 1; i <= 100; i++)
        {
            At(guard, i, i * 0.1, 30.0 + (i * 0.01), duty: 0.6);
        }

        for (var i = 1; i <= 30; i++)
        {
            Assert.Null(At(guard, 100 + i, 10.0 + (i * 0.1), 31.0 + (i * 0.1)));
        }
    }

    [Fact]
    public void The_settling_window_after_a_heat_fault_includes_its_last_instant()
    {
        var guard = NewGuard();
        At(guard, 1, 0.1, 40.0);
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));

        Assert.Null(At(guard, 2, 10.1, 40.5)); // exactly 10 s after: still settling, so this is the line
        Assert.Null(At(guard, 3, 10.2, 40.7)); // 0.2 above the line, not 0.3
        Assert.Equal(FaultCode.HeaterStuckOn, At(guard, 4, 10.3, 40.8)?.Code);
    }

    [Fact]
    public void The_line_after_a_heat_fault_is_the_highest_reading_of_the_settling_window_not_the_last()
    {
        var guard = NewGuard();
        At(guard, 1, 0.1, 40.0);
        guard.HeatFaultLatched(TimeSpan.FromSeconds(0.1));
        At(guard, 2, 5.0, 40.6);
        At(guard, 3, 9.0, 40.2);

        Assert.Null(At(guard, 4, 10.5, 40.8)); // 0.2 above the peak of 40.6
        Assert.Equal(FaultCode.HeaterStuckOn, At(guard, 5, 10.6, 40.9)?.Code);
    }

    [Fact]
    public void A_heat_fault_latched_before_any_reading_still_escalates_a_pad_that_keeps_warming()
    {
        var guard = NewGuard();
        guard.HeatFaultLatched(TimeSpan.Zero);
        At(guard, 1, 1.0, 40.0);
        At(guard, 2, 5.0, 40.1);

        Assert.Equal(FaultCode.HeaterStuckOn, At(guard, 3, 10.5, 40.5)?.Code);
    }
}
