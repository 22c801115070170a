using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Tests.Heat;

/// <summary>The gains check that guards saved auto-tune results and configuration alike.</summary>
public class HeatOptionsTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(HeatOptions.MaxKp, HeatOptions.MaxKi, HeatOptions.MaxKd)]
    [InlineData(1.2, 0.095, 4.0)]
    public void Gains_from_zero_up_to_each_maximum_inclusive_are_accepted(double kp, double ki, double kd) =>
        Assert.Null(HeatOptions.Problem(new PidGains(kp, ki, kd)));

    [Theory]
    [InlineData(-0.5, 0, 0, "Kp -0.5 is outside 0–10")]
    [InlineData(10.5, 0, 0, "Kp 10.5 is outside 0–10")]
    [InlineData(double.NaN, 0, 0, "Kp NaN is outside 0–10")]
    [InlineData(1, -0.25, 0, "Ki -0.25 is outside 0–1")]
    [InlineData(1, 1.5, 0, "Ki 1.5 is outside 0–1")]
    [InlineData(1, double.PositiveInfinity, 0, "Ki Infinity is outside 0–1")]
    [InlineData(1, 0.1, -2, "Kd -2 is outside 0–100")]
    [InlineData(1, 0.1, 100.5, "Kd 100.5 is outside 0–100")]
    public void A_gain_outside_its_range_is_named_with_its_value_and_the_range(double kp, double ki, double kd, string problem) =>
        Assert.Equal(problem, HeatOptions.Problem(new PidGains(kp, ki, kd)));

    [Fact]
    public void The_first_gain_out_of_range_is_the_one_named()
    {
        Assert.StartsWith("Kp ", HeatOptions.Problem(new PidGains(-1, -1, -1)));
        Assert.StartsWith("Ki ", HeatOptions.Problem(new PidGains(1, -1, -1)));
    }
}
