using NeckCare.Device.Core.Heat;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Heat;

public class PidControllerTests
{
    private static readonly PidGains Defaults = new HeatOptions().Gains;

    [Fact]
    public void The_first_update_has_no_derivative_kick_and_no_division_by_zero()
    {
        var pid = new PidController(new PidGains(0, 0, 100), 1.0);

        var first = pid.Update(41, 30, 0);

        Assert.Equal(0, first);
    }

    [Fact]
    public void Changing_the_setpoint_gives_no_derivative_kick()
    {
        var pid = new PidController(new PidGains(0, 0, 100), 1.0);
        pid.Update(38, 35, 0.1);
        pid.Update(38, 35, 0.1);

        var afterStep = pid.Update(41, 35, 0.1);

        Assert.Equal(0, afterStep);
    }

    [Fact]
    public void The_output_never_leaves_zero_to_its_maximum()
    {
        var pid = new PidController(new PidGains(5, 1, 5), 0.6);

        Assert.Equal(0.6, pid.Update(41, 20, 0.1));
        Assert.Equal(0, pid.Update(41, 60, 0.1));
    }

    [Fact]
    public void The_integral_does_not_wind_up_while_the_output_is_saturated()
    {
        var pid = new PidController(new PidGains(1, 0.1, 0), 1.0);

        for (var i = 0; i < 1000; i++)
        {
            pid.Update(41, 30, 0.1); // far below target for 100 s: output pinned at 1
        }

        Assert.Equal(0, pid.IntegralTerm);
    }

    [Fact]
    public void A_reading_that_is_not_a_number_switches_heat_off()
    {
        var pid = new PidController(Defaults, 1.0);
        pid.Update(41, 35, 0.1);

        Assert.Equal(0, pid.Update(41, double.NaN, 0.1));
    }

    [Theory]
    [InlineData(38.0)]
    [InlineData(41.0)]
    public void With_the_default_gains_the_plant_reaches_the_target_with_little_overshoot_and_holds_it(double target)
    {
        var plant = new MassagerPhysics();
        var pid = new PidController(Defaults, 1.0);
        var peak = 0.0;
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var t = 0.0; t < 600; t += 0.1)
        {
            plant.HeaterCommand = pid.Update(target, plant.SampleC, 0.1);
            plant.Run(0.1);
            peak = Math.Max(peak, plant.SensorC);
            if (t > 300)
            {
                low = Math.Min(low, plant.SensorC);
                high = Math.Max(high, plant.SensorC);
            }
        }

        Assert.True(peak - target <= 0.5, $"overshoot {peak - target:0.00}");
        Assert.InRange(low, target - 0.3, target + 0.3);
        Assert.InRange(high, target - 0.3, target + 0.3);
    }

    [Fact]
    public void The_derivative_is_the_filtered_change_per_second()
    {
        // Filter 2 s, step 0.5 s: alpha 0.2, so 40 → 39 moves the filtered value to 39.8, a rate of −0.4 °C/s.
        var pid = new PidController(new PidGains(0, 0, 1), 100);
        pid.Update(41, 40, 0.5);

        Assert.Equal(0.4, pid.Update(41, 39, 0.5), 9);
    }

    [Fact]
    public void A_step_of_no_time_starts_the_derivative_afresh_from_that_reading()
    {
        var pid = new PidController(new PidGains(0, 0, 1), 100);
        pid.Update(41, 40, 0.5);
        Assert.Equal(0, pid.Update(41, 35, 0));

        Assert.Equal(0, pid.Update(41, 35, 0.5)); // no change since the restart: no derivative
    }
}
