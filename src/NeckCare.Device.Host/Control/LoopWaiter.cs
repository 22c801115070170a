namespace NeckCare.Device.Host.Control;

/// <summary>
/// How the control loop's thread sleeps until its next tick is due or work arrives. On the system
/// clock it sleeps with a kernel timeout: the loop's one thread wakes once per tick and for nothing
/// else. A .NET timer would wake the runtime's timer thread and a pool worker, two or three times
/// each, for every tick (docs/benchmarks.md, wake-ups).
/// A clock that moves in steps (a test's, the time-scaled simulator's: 10 ms at a time) says that time
/// passed only through its own timers, so there a timer on that clock wakes the loop at every step and
/// the loop looks whether its tick is due. One timer for the loop's life: a timer armed per sleep could
/// be armed just after the clock stepped past the tick, and would then fire a step late.
/// </summary>
internal sealed class LoopWaiter : IDisposable
{
    /// <summary>The steps a stepped clock moves in (tests and the simulator's pacer step 10 ms).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly AutoResetEvent _signal = new(false);
    private readonly ITimer? _steps;

    public LoopWaiter(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (time != TimeProvider.System)
        {
            _steps = time.CreateTimer(static s => ((LoopWaiter)s!).Wake(), this, Step, Step);
        }
    }

    /// <summary>Work arrived (or the loop is to stop): the sleep ends now.</summary>
    public void Wake()
    {
        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The loop is gone; there is nobody to wake.
        }
    }

    /// <summary>Sleeps until woken or until <paramref name="dueIn"/> has passed (on a stepped clock: until its next step).</summary>
    public void Sleep(TimeSpan dueIn)
    {
        if (dueIn <= TimeSpan.Zero)
        {
            return;
        }

        if (_steps is null)
        {
            // Whole milliseconds, rounded up: rounding down would wake just before the tick and spin.
            _signal.WaitOne(TimeSpan.FromMilliseconds(Math.Ceiling(dueIn.TotalMilliseconds)));
            return;
        }

        _signal.WaitOne();
    }

    public void Dispose()
    {
        _steps?.Dispose();
        _signal.Dispose();
    }
}
