using System.Diagnostics;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Bench;

/// <summary>A whole 15-minute heated session in simulated time on the shipped protocol path: simulated seconds per wall second.</summary>
internal static class SessionSpeedBench
{
    public static IEnumerable<Figure> Run()
    {
        RunSession(); // warm up the JIT
        var runs = Enumerable.Range(0, 5).Select(_ => RunSession()).Order().ToList();
        var median = runs[runs.Count / 2];
        yield return new Figure("session.inprocess.speed", 15 * 60 / median.TotalSeconds, "× real time",
            $"goal ≥ 10000×; SerialMassager ↔ firmware emulator over the lock-step link; median of 5 runs, {median.TotalMilliseconds:0.0} ms per session");

        var protocol = Enumerable.Range(0, 3).Select(_ => RunProtocolSession()).Order().ToList()[1];
        yield return new Figure("session.protocol_inmemory.speed", 15 * 60 / protocol.TotalSeconds, "× real time",
            $"the same session over the product's threaded in-memory link (each step waits for both read loops); median of 3, {protocol.TotalSeconds:0.00} s per session");
    }

    private static TimeSpan RunProtocolSession()
    {
        return Task.Run(async () =>
        {
            await using var harness = new ProtocolHarness();
            var watch = Stopwatch.StartNew();
            await harness.ConnectAsync();
            harness.Controller.Handle(new StartSession(15, HeatLevel.High));
            await harness.RunAsync(TimeSpan.FromSeconds(61));
            harness.Controller.Handle(new SetIntensity(3));
            await harness.RunUntilAsync(h => h.Status.State == SessionState.Idle, TimeSpan.FromMinutes(15));
            watch.Stop();
            if (harness.Status.State != SessionState.Idle || harness.Status.Fault is not null)
            {
                throw new InvalidOperationException($"protocol benchmark session ended in {harness.Status.State}: {harness.Status.Fault?.Message}");
            }

            return watch.Elapsed;
        }).GetAwaiter().GetResult();
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
