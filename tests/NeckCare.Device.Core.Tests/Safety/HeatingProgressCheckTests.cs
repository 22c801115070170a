using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>Heating too slowly, at its exact boundaries: 2 °C per 30 s below target − 2 °C, and a shortfall of more than 120 °C·s at the hold.</summary>
public class HeatingProgressCheckTests
{
    private static HeatingProgressCheck New() => new(new SafetyOptions());

    [Fact]
    public void Approaching_the_target_must_gain_two_degrees_in_thirty_seconds_exactly()
    {
        var check = New();
        Assert.Null(check.Check(30.0, 41.0, TimeSpan.Zero, 0.1));

        Assert.Null(check.Check(31.99, 41.0, TimeSpan.FromSeconds(29.9), 0.1));
        var trip = check.Check(31.99, 41.0, TimeSpan.FromSeconds(30), 0.1);

        Assert.Equal(FaultCode.HeatingTooSlow, trip?.Code);
    }

    [Fact]
    public void Reaching_the_two_degree_goal_starts_a_new_leg()
    {
        var check = New();
        check.Check(30.0, 41.0, TimeSpan.Zero, 0.1);

        Assert.Null(check.Check(32.0, 41.0, TimeSpan.FromSeconds(29), 0.1)); // exactly the goal: a new leg from here
        Assert.Null(check.Check(33.0, 41.0, TimeSpan.FromSeconds(58), 0.1));
        Assert.Equal(FaultCode.HeatingTooSlow, check.Check(33.0, 41.0, TimeSpan.FromSeconds(59), 0.1)?.Code);
    }

    [Fact]
    public void At_the_floor_itself_the_target_counts_as_reached()
    {
        var check = New();
        check.Check(30.0, 41.0, TimeSpan.Zero, 0.1);

        Assert.Null(check.Check(39.0, 41.0, TimeSpan.FromSeconds(10), 0.1)); // 41 − 2: reached
        // From now on only the shortfall counts: 1 °C below the floor for 120 s is 120 °C·s, not more.
        Trip? trip = null;
        for (var t = 10.1; t <= 130.05; t += 0.1)
        {
            trip ??= check.Check(38.0, 41.0, TimeSpan.FromSeconds(t), 0.1);
        }

        Assert.Null(trip);
        Assert.Equal(FaultCode.HeatingTooSlow, check.Check(38.0, 41.0, TimeSpan.FromSeconds(130.2), 0.1)?.Code);
    }

    [Fact]
    public void The_shortfall_is_the_time_integral_of_how_far_below_the_floor()
    {
        var check = New();
        check.Check(39.5, 41.0, TimeSpan.Zero, 0.1); // reached
        // 4 °C below the floor: 0.4 °C·s a step, so 29.9 s is 119.6 °C·s (not yet) and 30.1 s is past 120.
        Trip? trip = null;
        for (var i = 1; i <= 299; i++)
        {
            trip ??= check.Check(35.0, 41.0, TimeSpan.FromSeconds(i * 0.1), 0.1);
        }

        Assert.Null(trip);
        check.Check(35.0, 41.0, TimeSpan.FromSeconds(30.0), 0.1);
        Assert.NotNull(check.Check(35.0, 41.0, TimeSpan.FromSeconds(30.1), 0.1));
    }

    [Fact]
    public void A_shortfall_of_exactly_the_maximum_is_still_allowed()
    {
        var check = New();
        check.Check(39.5, 41.0, TimeSpan.Zero, 0.1); // reached
        Assert.Null(check.Check(35.0, 41.0, TimeSpan.FromSeconds(30), 30)); // 4 °C × 30 s = 120 °C·s

        Assert.NotNull(check.Check(35.0, 41.0, TimeSpan.FromSeconds(30.1), 0.1));
    }

    [Fact]
    public void Without_a_target_nothing_is_judged_and_a_new_target_starts_afresh()
    {
        var check = New();
        Assert.Null(check.Check(30.0, null, TimeSpan.Zero, 0.1));
        Assert.Null(check.Check(30.0, null, TimeSpan.FromMinutes(5), 0.1));

        check.Check(30.0, 38.0, TimeSpan.FromMinutes(5), 0.1);
        Assert.Null(check.Check(30.0, 38.0, TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29.9), 0.1));
    }
}
