using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// How the control loop sleeps: with a kernel timeout on the system clock (what a Pi runs), on a
/// stepped clock's own timer otherwise. Each test asserts that the sleep ended before a minute's
/// limit, which only turns a sleep that never ends into a failure; nothing here times anything.
/// </summary>
public class LoopWaiterTests
{
    private static readonly TimeSpan Never = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task On_the_system_clock_work_arriving_ends_a_long_sleep()
    {
        using var waiter = new LoopWaiter(TimeProvider.System);
        using var asleep = new ManualResetEventSlim();
        var sleeping = Task.Run(() =>
        {
            asleep.Set();
            waiter.Sleep(TimeSpan.FromDays(1));
        });
        asleep.Wait(Never);

        waiter.Wake();

        Assert.Same(sleeping, await Task.WhenAny(sleeping, Task.Delay(Never, TimeProvider.System)));
    }

    [Fact]
    public async Task On_the_system_clock_a_sleep_ends_when_its_time_has_passed()
    {
        using var waiter = new LoopWaiter(TimeProvider.System);
        var sleeping = Task.Run(() => waiter.Sleep(TimeSpan.FromMilliseconds(1)));

        Assert.Same(sleeping, await Task.WhenAny(sleeping, Task.Delay(Never, TimeProvider.System)));
    }

    [Fact]
    public async Task On_a_stepped_clock_each_step_wakes_the_loop_to_look_whether_its_tick_is_due()
    {
        var time = new ManualTimeProvider();
        using var waiter = new LoopWaiter(time);
        var sleeping = Task.Run(() => waiter.Sleep(TimeSpan.FromDays(1)));

        time.Advance(LoopWaiter.Step);

        Assert.Same(sleeping, await Task.WhenAny(sleeping, Task.Delay(Never, TimeProvider.System)));
    }
}
