using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Tests.Heat;

public class HeatRegulatorTests
{
    private static HeatOptions Proportional(double kp = 1, double ki = 0, double maxDuty = 1.0) =>
        new() { Kp = kp, Ki = ki, Kd = 0, MaxHeaterDuty = maxDuty };

    [Fact]
    public void Heat_off_gives_no_duty_however_cold_the_pad()
    {
        var regulator = new HeatRegulator(Proportional());

        Assert.Equal(0, regulator.Update(HeatLevel.Off, 20, 1));
        Assert.Equal(0, regulator.Update(HeatLevel.Off, 20, 1));
    }

    [Fact]
    public void Each_heat_level_regulates_to_its_own_target()
    {
        var options = Proportional();

        Assert.Equal(0.5, new HeatRegulator(options).Update(HeatLevel.Low, options.LowTargetC - 0.5, 1));
        Assert.Equal(0.25, new HeatRegulator(options).Update(HeatLevel.High, options.HighTargetC - 0.25, 1));
    }

    [Fact]
    public void The_duty_never_exceeds_the_configured_maximum()
    {
        var regulator = new HeatRegulator(Proportional(kp: 10, maxDuty: 0.4));

        Assert.Equal(0.4, regulator.Update(HeatLevel.High, 20, 1));
    }

    [Fact]
    public void A_missing_reading_gives_no_duty()
    {
        var regulator = new HeatRegulator(Proportional());

        Assert.Equal(0, regulator.Update(HeatLevel.High, double.NaN, 1));
    }

    [Fact]
    public void Changing_the_heat_level_starts_the_regulator_afresh()
    {
        var regulator = new HeatRegulator(Proportional(kp: 0, ki: 0.5));
        regulator.Update(HeatLevel.Low, 37, 1);
        Assert.Equal(0.5, regulator.Update(HeatLevel.Low, 37, 1)); // integral built at Low

        var afterChange = regulator.Update(HeatLevel.High, 40.5, 1);

        Assert.Equal(0, afterChange); // primed again; without the reset it would be 0.75
    }

    [Fact]
    public void Reset_starts_the_regulator_afresh_even_at_the_same_level()
    {
        var regulator = new HeatRegulator(Proportional(kp: 0, ki: 0.5));
        regulator.Update(HeatLevel.Low, 37, 1);
        regulator.Update(HeatLevel.Low, 37, 1);

        regulator.Reset();

        Assert.Equal(0, regulator.Update(HeatLevel.Low, 37, 1));
        Assert.Equal(0.5, regulator.Update(HeatLevel.Low, 37, 1));
    }

    [Fact]
    public void Tuned_gains_replace_the_configured_ones()
    {
        var regulator = new HeatRegulator(Proportional());
        Assert.Equal(new PidGains(1, 0, 0), regulator.Gains);

        regulator.Gains = new PidGains(0.5, 0, 0);

        Assert.Equal(new PidGains(0.5, 0, 0), regulator.Gains);
        Assert.Equal(0.5, regulator.Update(HeatLevel.Low, 37, 1));
    }

    [Fact]
    public void No_target_is_ever_above_the_hard_limit_whatever_the_configuration_says()
    {
        var options = new HeatOptions { LowTargetC = 45, HighTargetC = 50 };

        Assert.Equal(HeatOptions.HardMaxTargetC, options.TargetFor(HeatLevel.Low));
        Assert.Equal(HeatOptions.HardMaxTargetC, options.TargetFor(HeatLevel.High));
        Assert.True(double.IsNaN(options.TargetFor(HeatLevel.Off)));
        Assert.Equal(50, options.HighestTargetC);
        Assert.Equal(39, new HeatOptions { LowTargetC = 39, HighTargetC = 38 }.HighestTargetC);
    }

    [Fact]
    public void Switching_heat_level_starts_the_regulation_afresh()
    {
        var options = Proportional(kp: 1, ki: 0.1);
        var regulator = new HeatRegulator(options);
        for (var i = 0; i < 20; i++)
        {
            regulator.Update(HeatLevel.High, options.HighTargetC - 0.5, 1); // the integral builds up
        }

        Assert.Equal(0.5, regulator.Update(HeatLevel.Low, options.LowTargetC - 0.5, 1), 9);
    }

    [Fact]
    public void A_regulator_needs_its_options() =>
        Assert.Throws<ArgumentNullException>(() => new HeatRegulator(null!));
}
