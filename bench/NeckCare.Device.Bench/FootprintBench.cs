using System.Text;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using System.Text.Json;

namespace NeckCare.Device.Bench;

/// <summary>
/// The service as it runs on a Pi: start-up until a healthy /healthz, resident memory after start-up
/// and after a whole 15-minute heated session (time-scaled 60×), and CPU per minute idle and while a
/// session runs with the control loop at 10 Hz. Budget: under 60 MB, under 1 % of one core idle,
/// ready within 1.5 s on this machine.
/// </summary>
internal static class FootprintBench
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);

    public static IEnumerable<Figure> Run()
    {
        var starts = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            using var started = ServiceProcess.Start(); // the first start also warms the disk cache
            starts.Add(started.ReadyAfter.TotalSeconds);
        }

        // As on a Pi with a real microcontroller: the service on a serial port (a pty here); the device
        // (the firmware emulator) lives in this benchmark process, so its work is not counted.
        double rss, pss, priv, idle, running;
        using (var pty = PseudoTerminal.Open())
        using (var emulator = new FirmwareEmulator(TimeProvider.System))
        using (var stop = new CancellationTokenSource())
        {
            var serving = emulator.ServeAsync(pty, stop.Token);
            using var service = ServiceProcess.Start("--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}");
            Thread.Sleep(Warmup); // let tiered JIT settle: a Pi runs for hours, the steady state is what counts
            rss = service.ResidentMegabytes();
            (pss, priv) = service.MemoryShares();
            idle = service.CpuPercentOver(Window);
            Post(service, "/api/v1/session/start", """{"durationMinutes":15,"heat":"High"}""");
            Thread.Sleep(2000);
            running = service.CpuPercentOver(Window);
            Post(service, "/api/v1/session/stop", "");
            stop.Cancel();
        }

        double simulatorIdle;
        using (var simulator = ServiceProcess.Start())
        {
            Thread.Sleep(Warmup);
            simulatorIdle = simulator.CpuPercentOver(Window);
        }

        double rssAfterSession;
        using (var scaled = ServiceProcess.Start("--Simulator:TimeScale=60"))
        {
            Post(scaled, "/api/v1/session/start", """{"durationMinutes":15,"heat":"High"}""");
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (State(scaled) != "Idle" && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }

            rssAfterSession = scaled.ResidentMegabytes();
        }

        var ready = starts.Skip(1).Min();
        yield return new Figure("service.ready_after_start", ready, "s", $"budget ≤ 1.5 s; process start to healthy /healthz, best of {starts.Count - 1} warm starts (cold: {starts[0]:0.00} s)");
        yield return new Figure("service.rss_after_start", rss, "MB", $"budget < 60 MB; of it {rss - priv:0} MB shared, read-only runtime and framework code; PSS {pss:0} MB");
        yield return new Figure("service.private_memory", priv, "MB", "memory this process alone holds (private clean + dirty)");
        yield return new Figure("service.rss_after_15min_session", rssAfterSession, "MB", "budget < 60 MB; after a whole 15-minute heated session (simulator, 60×)");
        yield return new Figure("service.cpu_idle", idle, "% of a core", $"budget < 1 %; serial backend, {Window.TotalSeconds:0} s idle after {Warmup.TotalSeconds:0} s warm-up");
        yield return new Figure("service.cpu_session", running, "% of a core", $"{Window.TotalSeconds:0} s of a heated session, control loop at 10 Hz, serial backend");
        yield return new Figure("service.cpu_idle_simulator_mode", simulatorIdle, "% of a core", "idle, with the simulated hardware (physics, firmware) inside the process");
    }

    private static void Post(ServiceProcess s, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        s.Http.PostAsync(path, content).GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    private static string? State(ServiceProcess s) =>
        JsonDocument.Parse(s.Http.GetStringAsync("/api/v1/status").GetAwaiter().GetResult()).RootElement.GetProperty("state").GetString();
}
