using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Tests.Heat;

/// <summary>
/// Each term of the PID with numbers worked by hand, so a changed sign, bound or filter constant shows.
/// The values are exact in binary floating point wherever a boundary is tested.
/// </summary>
public class PidArithmeticTests
{
    [Fact]
    public void The_proportional_term_is_the_gain_times_the_error()
    {
        var pid = new PidController(new PidGains(0.5, 0, 0), 1.0);

        Assert.Equal(0.5, pid.Update(40, 39, 1));
        Assert.Equal(0.25, pid.Update(40, 39.5, 1));
    }

    [Fact]
    public void The_integral_grows_by_gain_times_error_times_step_and_shrinks_when_above_target()
    {
        var pid = new PidController(new PidGains(0, 0.25, 0), 1.0);

        Assert.Equal(0, pid.Update(40, 39, 1)); // the first update only primes
        Assert.Equal(0.25, pid.Update(40, 39, 1));
        Assert.Equal(0.5, pid.Update(40, 39, 1));
        Assert.Equal(0.25, pid.Update(40, 41, 1));
        Assert.Equal(0.25, pid.IntegralTerm);
    }

    [Fact]
    public void The_integral_is_clamped_to_the_output_range()
    {
        var pid = new PidController(new PidGains(0, 0.5, 0), 1.0);
        pid.Update(40, 38, 1);

        Assert.Equal(1.0, pid.Update(40, 38, 1));
        Assert.Equal(1.0, pid.Update(40, 38, 1));
        Assert.Equal(1.0, pid.IntegralTerm);
        Assert.Equal(0, pid.Update(40, 43, 1)); // 1 - 1.5 clamps at zero, not below
        Assert.Equal(0, pid.IntegralTerm);
    }

    [Fact]
    public void An_output_exactly_at_the_maximum_still_integrates()
    {
        var pid = new PidController(new PidGains(0.5, 0.5, 0), 1.0);
        pid.Update(40, 39, 1);

        Assert.Equal(1.0, pid.Update(40, 39, 1)); // 0.5 proportional + 0.5 integral = exactly the maximum

        Assert.Equal(0.5, pid.IntegralTerm);
    }

    [Fact]
    public void The_integral_freezes_while_the_output_is_pinned_high_by_an_error_that_would_push_it_higher()
    {
        var pid = new PidController(new PidGains(0.75, 0.5, 0), 1.0);
        pid.Update(40, 39, 1);

        var output = pid.Update(40, 39, 1); // 0.75 + 0.5 would be 1.25: the integral keeps its 0

        Assert.Equal(0.75, output);
        Assert.Equal(0, pid.IntegralTerm);
    }

    [Fact]
    public void A_falling_temperature_above_target_pins_the_output_high_but_the_integral_still_unwinds()
    {
        var pid = new PidController(new PidGains(0, 0.5, 10), 1.0, derivativeFilterSeconds: 0);
        pid.Update(40, 39, 1);
        pid.Update(40, 39, 1); // integral 0.5
        pid.Update(40, 42, 1); // rising fast above target: output pinned low, error pushes lower, frozen
        Assert.Equal(0.5, pid.IntegralTerm);

        var output = pid.Update(40, 41, 1); // falling: derivative term +10, error still negative

        Assert.Equal(1.0, output);
        Assert.Equal(0, pid.IntegralTerm);
    }

    [Fact]
    public void A_rising_temperature_below_target_pins_the_output_low_but_the_integral_still_grows()
    {
        var pid = new PidController(new PidGains(0, 0.5, 10), 1.0, derivativeFilterSeconds: 0);
        pid.Update(40, 35, 1);

        var output = pid.Update(40, 39, 1); // derivative term −40, error +1

        Assert.Equal(0, output);
        Assert.Equal(0.5, pid.IntegralTerm);
    }

    [Fact]
    public void The_derivative_acts_on_the_measurement_through_a_first_order_filter()
    {
        // Filter 2 s, step 1 s: alpha = 1/3, so a 3 °C drop moves the filtered value 1 °C.
        var pid = new PidController(new PidGains(0, 0, 0.5), 1.0, derivativeFilterSeconds: 2);
        pid.Update(33, 33, 1);

        Assert.Equal(0.5, pid.Update(33, 30, 1), 12);
    }

    [Fact]
    public void Without_a_filter_the_derivative_is_the_raw_slope()
    {
        var pid = new PidController(new PidGains(0, 0, 0.1), 1.0, derivativeFilterSeconds: 0);
        pid.Update(33, 33, 1);

        Assert.Equal(0.3, pid.Update(33, 30, 1), 12);
    }

    [Fact]
    public void A_step_of_no_time_primes_the_filter_again_instead_of_dividing_by_zero()
    {
        var pid = new PidController(new PidGains(0, 0, 0.1), 1.0, derivativeFilterSeconds: 0);
        pid.Update(33, 33, 1);

        Assert.Equal(0, pid.Update(33, 30, 0));
        Assert.Equal(0.1, pid.Update(33, 29, 1), 12); // slope measured from 30, the re-primed value
    }

    [Fact]
    public void A_setpoint_that_is_not_a_number_switches_heat_off_and_forgets_the_integral()
    {
        var pid = new PidController(new PidGains(0, 0.5, 0), 1.0);
        pid.Update(40, 39, 1);
        pid.Update(40, 39, 1);

        Assert.Equal(0, pid.Update(double.NaN, 39, 1));
        Assert.Equal(0, pid.IntegralTerm);
        Assert.Equal(0, pid.Update(40, 39, 1)); // primes again: no integration over the gap
    }

    [Fact]
    public void Reset_forgets_the_integral_and_primes_again()
    {
        var pid = new PidController(new PidGains(0, 0.5, 0), 1.0);
        pid.Update(40, 39, 1);
        pid.Update(40, 39, 1);

        pid.Reset();

        Assert.Equal(0, pid.IntegralTerm);
        Assert.Equal(0, pid.Update(40, 39, 1));
    }

    [Fact]
    public void A_controller_without_output_range_or_with_a_negative_filter_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PidController(new PidGains(1, 0, 0), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PidController(new PidGains(1, 0, 0), 1, -0.1));
        Assert.Equal(0.5, new PidController(new PidGains(0.5, 0, 0), 1, 0).Update(40, 39, 1));
    }

    [Fact]
    public void New_gains_take_effect_on_the_next_update()
    {
        var pid = new PidController(new PidGains(0.5, 0, 0), 1.0);
        pid.Update(40, 39, 1);

        pid.Gains = new PidGains(0.25, 0, 0);

        Assert.Equal(new PidGains(0.25, 0, 0), pid.Gains);
        Assert.Equal(0.25, pid.Update(40, 39, 1));
    }
}
