using System.Diagnostics;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Bench;

/// <summary>
/// A whole 15-minute heated session in simulated time on the shipped protocol path: simulated seconds per
/// wall second. This is the protocol's speed figure: controller, SerialMassager, encoder, decoder and the
/// firmware emulator run in lock-step on one thread, so it measures their work and nothing of the
/// scheduler (the threaded in-memory link's figure, dropped, mostly measured threads yielding to each other).
/// </summary>
internal static class SessionSpeedBench
{
    public static IEnumerable<Figure> Run()
    {
        RunSession(); // warm up the JIT
        var runs = Enumerable.Range(0, 5).Select(_ => RunSession()).Order().ToList();
        var median = runs[runs.Count / 2];
        yield return new Figure("session.inprocess.speed", 15 * 60 / median.TotalSeconds, "× real time",
            $"goal ≥ 10000×; SerialMassager ↔ firmware emulator over the lock-step link, one thread; median of 5 runs, spread {runs[0].TotalMilliseconds:0.0}–{runs[^1].TotalMilliseconds:0.0} ms per session");
    }

    /// <summary>The shipped path (controller → SerialMassager → wire protocol → firmware emulator) in lock-step.</summary>
    private static TimeSpan RunSession()
    {
        var watch = Stopwatch.StartNew();
        var rig = Rig.Connected();
        rig.Accept(new StartSession(15, HeatLevel.High));
        var level = 1;
        while (rig.Status.State != SessionState.Idle)
        {
            rig.Tick();
            if (rig.Status.State == SessionState.Massaging && level == 1)
            {
                rig.Accept(new SetIntensity(level = 3));
            }
        }

        watch.Stop();
        if (rig.Status.Fault is not null)
        {
            throw new InvalidOperationException($"benchmark session faulted: {rig.Status.Fault.Message}");
        }

        return watch.Elapsed;
    }
}
