using System.Diagnostics;
using Microsoft.Extensions.Options;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// Drives simulated time whenever the simulator backend runs, at the <see cref="Simulator.SimulationSpeed"/> of the moment. Rather than multiplying the wall clock (where a
/// 20 ms pause of the process would become a 1.2 s jump at 60× and trip the stale-reading guard), it
/// advances a manual clock in 10 ms steps, never more than five session ticks per wall-clock slice, and waits for the controller to handle each tick that fires. Under load the simulation slows down; it never
/// skips. Real hardware never uses it: time scaling is refused with any other backend.
/// </summary>
internal sealed class SimulationClock(
    SimulatedTime clock,
    ControllerService controller,
    Simulator.SimulationSpeed speed,
    IOptions<ControlOptions> control) : BackgroundService, IClockPacer
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ShortestSlice = TimeSpan.FromMilliseconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = control.Value.Tick;
        var last = Stopwatch.GetTimestamp();
        var owed = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wake about once per simulated tick (every 100 ms at 1×, every 5 ms from 20× up): waking
            // more often only costs CPU, since each tick still gets its 10 ms steps in order.
            var slice = TimeSpan.FromTicks(Math.Clamp((long)(tick.Ticks / speed.Scale), ShortestSlice.Ticks, tick.Ticks));
            await Task.Delay(slice, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            // The speed may change between slices (the simulator panel): each slice owes its own share.
            owed += Stopwatch.GetElapsedTime(last, now) * speed.Scale;
            last = now;
            var most = tick * 5;
            if (owed > most)
            {
                // Far behind (a pause, a busy CPU): drop the debt instead of racing to catch up.
                owed = most;
            }

            while (owed >= Step && !stoppingToken.IsCancellationRequested)
            {
                var due = controller.NextTickDue;
                var handled = controller.NextTickAsync();
                clock.Advance(Step);
                owed -= Step;
                if (clock.GetTimestamp() >= due)
                {
                    // The step fired a tick (at whatever period the loop runs just then): time moves on
                    // only once the loop has handled it, however long the machine takes.
                    await handled.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }
}
