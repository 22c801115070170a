using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Timing;

public class TimeProviderTests
{
    [Fact]
    public void The_manual_clock_moves_only_when_advanced_and_fires_due_timers_in_order()
    {
        var time = new ManualTimeProvider();
        var fired = new List<string>();
        var start = time.GetUtcNow();
        using var late = time.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add($"early@{(time.GetUtcNow() - start).TotalSeconds}"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Empty(fired);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["early@1", "late"], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), time.GetUtcNow() - start);
    }

    [Fact]
    public void A_periodic_manual_timer_fires_once_per_period_and_stops_when_disposed()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

        time.Advance(TimeSpan.FromSeconds(1));
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, count);
    }
}
