using System.Diagnostics;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator;
using NeckCare.Device.Simulator.Harness;
using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.Bench;

/// <summary>A whole 15-minute heated session in simulated time, in-process: simulated seconds per wall second.</summary>
internal static class SessionSpeedBench
{
    public static IEnumerable<Figure> Run()
    {
        RunSession(); // warm up the JIT
        var runs = Enumerable.Range(0, 5).Select(_ => RunSession()).Order().ToList();
        var median = runs[runs.Count / 2];
        yield return new Figure("session.inprocess.speed", 15 * 60 / median.TotalSeconds, "× real time",
            $"goal ≥ 10000×; median of 5 runs, {median.TotalMilliseconds:0.0} ms per session");

        var protocol = Enumerable.Range(0, 3).Select(_ => RunProtocolSession()).Order().ToList()[1];
        yield return new Figure("session.protocol_inmemory.speed", 15 * 60 / protocol.TotalSeconds, "× real time",
            $"the same session through SerialMassager ↔ firmware emulator over an in-memory link, lock-step; median of 3, {protocol.TotalSeconds:0.00} s per session");
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

    private static TimeSpan RunSession()
    {
        var time = new ManualTimeProvider();
        var device = new SimulatedMassager(time);
        var controller = new MassageController(device, new SessionOptions(), new HeatOptions(), new SafetyOptions(), time);
        var watch = Stopwatch.StartNew();
        controller.TryConnectAsync(CancellationToken.None).GetAwaiter().GetResult();
        controller.Handle(new StartSession(15, HeatLevel.High));
        var tick = TimeSpan.FromMilliseconds(100);
        var level = 1;
        while (controller.State != SessionState.Idle)
        {
            time.Advance(tick);
            controller.Tick();
            if (controller.State == SessionState.Massaging && level == 1)
            {
                controller.Handle(new SetIntensity(level = 3));
            }
        }

        watch.Stop();
        if (controller.Status.Fault is not null)
        {
            throw new InvalidOperationException($"benchmark session faulted: {controller.Status.Fault.Message}");
        }

        return watch.Elapsed;
    }
}
