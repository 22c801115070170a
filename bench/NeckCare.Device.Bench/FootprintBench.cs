using System.Globalization;
using System.Text;
using System.Text.Json;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using static NeckCare.Device.Bench.ServiceProcess;

namespace NeckCare.Device.Bench;

/// <summary>
/// The service beside its yardstick, an empty ASP.NET Core app with the same runtime settings and
/// environment, both as their own processes in the same run: readiness, resident memory (and what it is
/// made of) after start, after a whole 15-minute heated session and with 100 streaming clients, CPU and
/// wake-ups idle, and the service's with a session running. Every figure is the median of several runs,
/// with its spread. Memory is each process's own resident set, as it would be alone on a Pi.
/// </summary>
internal static class FootprintBench
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);
    private const int Clients = 100;

    /// <summary>Runs to take the median of (`--runs N`).</summary>
    public static int Runs { get; set; } = 3;

    public static IEnumerable<Figure> Run()
    {
        // A first start of each warms the disk cache; it is reported as cold, never mixed into the medians.
        double coldService, coldEmpty;
        using (var s = ServiceProcess.Start())
        {
            coldService = s.ReadyAfter.TotalSeconds;
        }

        using (var e = StartEmptyApp())
        {
            coldEmpty = e.ReadyAfter.TotalSeconds;
        }

        var runs = Enumerable.Range(0, Runs).Select(_ => OneRun()).ToList();
        var jit = AotBuilds.On ? Enumerable.Range(0, Runs).Select(_ => JitRun()).ToList() : [];
        var table = new List<(string What, string Key, string Unit, double? Target, bool Ratio)>
        {
            ("ready after start", "ready", "s", null, false),
            ("RSS after start", "rss_after_start", "MB", 1.15, true),
            ("  anonymous", "anon_after_start", "MB", null, true),
            ("  file-backed", "file_after_start", "MB", null, true),
            ("  shared memory", "shmem_after_start", "MB", null, false),
            ("RSS after a 15-min session", "rss_after_session", "MB", 1.20, true),
            ($"RSS with {Clients} clients", "rss_100_clients", "MB", 1.20, true),
            ("CPU idle", "cpu_idle", "% of a core", null, false),
            ("wake-ups idle", "wakeups_idle", "/s", null, false),
            ("  preemptions idle", "preemptions_idle", "/s", null, false),
            ("CPU, session at 10 Hz", "cpu_session", "% of a core", null, false),
            ("wake-ups, session at 10 Hz", "wakeups_session", "/s", null, false),
            ("  preemptions, session", "preemptions_session", "/s", null, false),
        };

        var figures = new List<Figure>();
        var printed = new StringBuilder();
        printed.AppendLine(CultureInfo.InvariantCulture, $"Footprint, {(AotBuilds.On ? "Native AOT " : "")}service beside the empty app ({Runs} runs; median, spread):");
        printed.AppendLine(AotBuilds.On ? "| what | AOT service | AOT empty app | ratio | target | JIT service |" : "| what | service | empty app | ratio | target |");
        printed.AppendLine(AotBuilds.On ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var (what, key, unit, jitTarget, ratio) in table)
        {
            var target = AotBuilds.On && ratio ? 1.4 : jitTarget;
            var service = runs.Select(r => r.Service.GetValueOrDefault(key, double.NaN)).Where(v => !double.IsNaN(v)).ToList();
            var empty = runs.Select(r => r.Empty.GetValueOrDefault(key, double.NaN)).Where(v => !double.IsNaN(v)).ToList();
            var s = Stats.Median(service);
            var goal = AotBuilds.On ? AotGoal(key) ?? Goal(key) : Goal(key);
            figures.Add(new Figure($"footprint.{key}.service", s, unit, $"{Stats.Spread(service)}{(goal is null ? "" : "; " + goal)}"));
            var ratioText = "";
            if (empty.Count > 0)
            {
                var e = Stats.Median(empty);
                figures.Add(new Figure($"footprint.{key}.empty_app", e, unit, Stats.Spread(empty)));
                if (ratio)
                {
                    var r = Stats.Median(runs.Select(x => x.Service[key] / x.Empty[key]).ToList());
                    ratioText = r.ToString("0.00", CultureInfo.InvariantCulture) + "×";
                    figures.Add(new Figure($"footprint.{key}.ratio", r, "×", target is { } t ? $"target ≤ {t:0.00}×: {(r <= t ? "met" : "**not met**")}" : "service ÷ empty app, median of the runs' ratios"));
                }
            }

            var jitValues = jit.Select(r => r.GetValueOrDefault(key, double.NaN)).Where(v => !double.IsNaN(v)).ToList();
            var jitText = "";
            if (AotBuilds.On)
            {
                jitText = jitValues.Count > 0 ? $" {Stats.Median(jitValues).ToString("0.00", CultureInfo.InvariantCulture)} {unit} |" : " — |";
                if (jitValues.Count > 0)
                {
                    figures.Add(new Figure($"footprint.{key}.jit_service", Stats.Median(jitValues), unit, Stats.Spread(jitValues)));
                }
            }

            printed.AppendLine(CultureInfo.InvariantCulture,
                $"| {what} | {s:0.00} {unit} | {(empty.Count > 0 ? Stats.Median(empty).ToString("0.00", CultureInfo.InvariantCulture) + " " + unit : "—")} | {ratioText} | {(target is { } tt ? $"≤ {tt:0.00}×" : "")}{(goal is null ? "" : (target is null ? "" : "; ") + goal)} |{jitText}");
        }

        figures.Add(new Figure("footprint.ready.cold", coldService, "s", $"the bench's first start (disk cache cold); the empty app's: {coldEmpty:0.00} s"));
        Console.WriteLine(printed.ToString());
        return figures;
    }

    private static string? Goal(string key) => key switch
    {
        "ready" => "budget ≤ 1.5 s",
        "cpu_idle" => "target ≤ 0.3 % of a core",
        "wakeups_idle" => "target ≤ 50/s",
        "wakeups_session" => "target ≤ 100/s",
        "preemptions_idle" or "preemptions_session" => "involuntary switches: not wake-ups; they count competition for the cores",
        _ => null,
    };

    /// <summary>Issue 21's targets for the Native AOT service.</summary>
    private static string? AotGoal(string key) => key switch
    {
        "ready" => "target ≤ 0.15 s",
        "rss_after_start" => "target ≤ 35 MB",
        "rss_after_session" => "target ≤ 40 MB",
        "rss_100_clients" => "target ≤ 50 MB",
        "wakeups_idle" => "target ≤ 20/s",
        _ => null,
    };

    /// <summary>
    /// `--aot`'s third column: the JIT service alone, the same way (serial port with the device emulated
    /// here, then a whole time-scaled session): ready and memory.
    /// </summary>
    private static Dictionary<string, double> JitRun()
    {
        var jit = new Dictionary<string, double>();
        using (var pty = PseudoTerminal.Open())
        using (var emulator = new FirmwareEmulator(TimeProvider.System))
        using (var stop = new CancellationTokenSource())
        {
            _ = emulator.ServeAsync(pty, stop.Token);
            using var s = ServiceProcess.Start(AotBuilds.JitHost!, ["--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}"], wrapper: null);
            jit["ready"] = s.ReadyAfter.TotalSeconds;
            Thread.Sleep(Warmup);
            Record(jit, "after_start", s.Memory());
            stop.Cancel();
        }

        using var scaled = ServiceProcess.Start(AotBuilds.JitHost!, ["--Simulator:TimeScale=60"], wrapper: null);
        WholeScaledSession(scaled, beside: null);
        jit["rss_after_session"] = scaled.Memory().Rss;
        return jit;
    }

    private sealed record RunFigures(Dictionary<string, double> Service, Dictionary<string, double> Empty);

    /// <summary>
    /// One run: the service on a serial port (a pty) with the device emulated in this process, as on a Pi
    /// with a real microcontroller, beside the empty app; then a whole session on the time-scaled
    /// simulator beside the empty app given traffic for as long.
    /// </summary>
    private static RunFigures OneRun()
    {
        var service = new Dictionary<string, double>();
        var empty = new Dictionary<string, double>();
        using (var pty = PseudoTerminal.Open())
        using (var emulator = new FirmwareEmulator(TimeProvider.System))
        using (var stop = new CancellationTokenSource())
        {
            _ = emulator.ServeAsync(pty, stop.Token);
            using var s = ServiceProcess.Start("--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}", "--Api:MaxConnections=160", "--Api:MaxEventStreams=128");
            using var e = StartEmptyApp();
            service["ready"] = s.ReadyAfter.TotalSeconds;
            empty["ready"] = e.ReadyAfter.TotalSeconds;
            Thread.Sleep(Warmup); // tiered JIT settles: a Pi runs for hours, the steady state is what counts
            Record(service, "after_start", s.Memory());
            Record(empty, "after_start", e.Memory());

            // Both idle in the same window, so whatever else the machine does touches both alike.
            var idleEmpty = Task.Run(() => e.ActivityOver(Window));
            var idle = s.ActivityOver(Window);
            (service["cpu_idle"], service["wakeups_idle"], service["preemptions_idle"]) = (idle.CpuPercent, idle.WakeUps, idle.Preemptions);
            (empty["cpu_idle"], empty["wakeups_idle"], empty["preemptions_idle"]) = (idleEmpty.Result.CpuPercent, idleEmpty.Result.WakeUps, idleEmpty.Result.Preemptions);

            s.Post("/api/v1/session/start", """{"durationMinutes":15,"heat":"High"}""");
            Thread.Sleep(2000);
            var running = s.ActivityOver(Window);
            (service["cpu_session"], service["wakeups_session"], service["preemptions_session"]) = (running.CpuPercent, running.WakeUps, running.Preemptions);
            s.Post("/api/v1/session/stop", "");

            using (var onService = Streams.Open(s.Address, "/api/v1/events", Clients))
            using (var onEmpty = Streams.Open(e.Address, "/stream", Clients))
            {
                Thread.Sleep(3000); // a few telemetry lines to every client
                service["rss_100_clients"] = s.Memory().Rss;
                empty["rss_100_clients"] = e.Memory().Rss;
            }

            stop.Cancel();
        }

        using (var scaled = ServiceProcess.Start("--Simulator:TimeScale=60"))
        using (var e = StartEmptyApp())
        {
            WholeScaledSession(scaled, beside: e);
            service["rss_after_session"] = scaled.Memory().Rss;
            empty["rss_after_session"] = e.Memory().Rss;
        }

        return new RunFigures(service, empty);
    }

    /// <summary>A whole 15-minute heated session on the time-scaled simulator; <paramref name="beside"/> gets the same requests meanwhile.</summary>
    private static void WholeScaledSession(ServiceProcess scaled, ServiceProcess? beside)
    {
        scaled.Post("/api/v1/session/start", """{"durationMinutes":15,"heat":"High"}""");
        // 15 s on a quiet machine; the simulated clock slows down rather than skip when the CPU is busy.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (State(scaled) != "Idle" && DateTime.UtcNow < deadline)
        {
            beside?.Http.GetStringAsync("/healthz").GetAwaiter().GetResult();
            Thread.Sleep(200);
        }

        if (State(scaled) != "Idle")
        {
            throw new InvalidOperationException("the time-scaled session did not end within 10 minutes");
        }
    }

    private static void Record(Dictionary<string, double> into, string when, ProcessMemory m)
    {
        into["rss_" + when] = m.Rss;
        into["anon_" + when] = m.Anon;
        into["file_" + when] = m.File;
        into["shmem_" + when] = m.Shmem;
    }

    private static string? State(ServiceProcess s) =>
        JsonDocument.Parse(s.Http.GetStringAsync("/api/v1/status").GetAwaiter().GetResult()).RootElement.GetProperty("state").GetString();

    /// <summary>Clients holding a streaming response open, each on its own connection, reading whatever comes.</summary>
    private sealed class Streams(List<(HttpClient Http, Stream Body)> clients) : IDisposable
    {
        public static Streams Open(Uri address, string path, int count)
        {
            var list = new List<(HttpClient, Stream)>();
            for (var i = 0; i < count; i++)
            {
                var http = NewClient(address, reader: i);
                var body = http.GetStreamAsync(path).GetAwaiter().GetResult();
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[4096];
                    try
                    {
                        while (await body.ReadAsync(buffer) > 0)
                        {
                        }
                    }
                    catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException)
                    {
                        // closed by Dispose
                    }
                });
                list.Add((http, body));
            }

            return new Streams(list);
        }

        public void Dispose()
        {
            foreach (var (http, body) in clients)
            {
                body.Dispose();
                http.Dispose();
            }
        }
    }
}
