using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// The service squeezed the way a Pi Zero 2 W squeezes it: a 256 MB memory limit (the unit's MemoryMax)
/// and about a quarter of one core, through a cgroup. A whole heated session on the serial backend, with
/// the device emulated in this process (outside the limits, as a microcontroller would be), in real time:
/// how fast it is ready, whether the session runs its length and ends completed, how far the control
/// ticks stray against the guard times (the device's 500 ms heater hold and 1 s watchdog), and whether
/// anything faulted.
/// </summary>
internal static class PiShapedBench
{
    private const long MemoryLimit = 256L * 1024 * 1024;
    private const double Cores = 0.25;

    /// <summary>Session length in minutes (`--pi-minutes`, 5–15); the shortest whole session by default.</summary>
    public static int SessionMinutes { get; set; } = 5;

    public static IEnumerable<Figure> Run()
    {
        var (group, why) = PiCgroup.TryCreate(MemoryLimit, Cores);
        if (group is null)
        {
            return [Figure.Pending("pi.session_completed", "bool", why!)];
        }

        using (group)
        {
            return Measure(group);
        }
    }

    private static List<Figure> Measure(PiCgroup group)
    {
        using var pty = PseudoTerminal.Open();
        using var emulator = new FirmwareEmulator(TimeProvider.System);
        using var stop = new CancellationTokenSource();
        _ = emulator.ServeAsync(pty, stop.Token);
        using var service = ServiceProcess.Start(ServiceProcess.HostExecutable(), ["--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}"], group.Wrapper());
        var limits = $"{MemoryLimit / 1024 / 1024} MB, {Cores:0.00} of a core ({group.Kind})";

        Thread.Sleep(TimeSpan.FromSeconds(5));
        service.Post("/api/v1/session/start", $$"""{"durationMinutes":{{SessionMinutes}},"heat":"High"}""");
        var started = Stopwatch.StartNew();
        var raised = false;
        double worstMs = 0;
        var ticks = 0;
        string? fault = null;
        string state;
        while (true)
        {
            Thread.Sleep(TimeSpan.FromSeconds(10)); // the service keeps the last 200 ticks (20 s): nothing is missed
            using (var report = JsonDocument.Parse(service.Http.GetStringAsync("/api/v1/diagnostics/ticks").GetAwaiter().GetResult()))
            {
                worstMs = Math.Max(worstMs, report.RootElement.GetProperty("deviationMaxMs").GetDouble());
                ticks += report.RootElement.GetProperty("samples").GetInt32() / 2; // each poll sees about half its window anew
            }

            using var status = JsonDocument.Parse(service.Http.GetStringAsync("/api/v1/status").GetAwaiter().GetResult());
            state = status.RootElement.GetProperty("state").GetString()!;
            if (status.RootElement.TryGetProperty("fault", out var f) && f.ValueKind == JsonValueKind.Object)
            {
                fault = f.GetProperty("code").GetString();
                break;
            }

            if (!raised && state == "Massaging")
            {
                service.Post("/api/v1/session/intensity/raise", ""); // the person raises it once, as the routine allows
                raised = true;
            }

            if (state == "Idle" || started.Elapsed > TimeSpan.FromMinutes(SessionMinutes + 3))
            {
                break;
            }
        }

        var length = started.Elapsed.TotalSeconds;
        var ended = LastEnding(service);
        var faults = JsonDocument.Parse(service.Http.GetStringAsync("/api/v1/faults").GetAwaiter().GetResult()).RootElement.GetArrayLength();
        var rss = service.Memory().Rss;
        stop.Cancel();
        var completed = fault is null && faults == 0 && state == "Idle" && ended == "Completed" && emulator.HeaterHoldLapses == 0;
        return
        [
            new Figure("pi.ready_after_start", service.ReadyAfter.TotalSeconds, "s", $"under {limits}; budget ≤ 1.5 s here (a Pi Zero 2 W core is several times slower)"),
            new Figure("pi.session_completed", completed ? 1 : 0, "bool", $"a {SessionMinutes}-minute heated session (intensity raised once) ended '{ended}', state {state}, fault {fault ?? "none"}, {faults} recorded, {emulator.HeaterHoldLapses} heater-hold lapses at the device"),
            new Figure("pi.session_seconds", length, "s", $"start to Idle, polled every 10 s; the session is {SessionMinutes * 60} s plus its ramp-down"),
            new Figure("pi.tick_deviation.max", worstMs, "ms", $"largest |tick spacing − 100 ms| over about {ticks} ticks; guard times: a tick must come within the device's 500 ms heater hold and 1,000 ms watchdog"),
            new Figure("pi.memory_peak", group.PeakMegabytes(), "MB", $"the cgroup's peak (limit 256 MB); resident at the end {rss:0.0} MB"),
            new Figure("pi.throttled_periods", group.ThrottledPeriods(), "periods", "100 ms periods in which the quarter-core quota ran out and the service was held back"),
        ];
    }

    private static string? LastEnding(ServiceProcess s)
    {
        using var page = JsonDocument.Parse(s.Http.GetStringAsync("/api/v1/history?pageSize=1").GetAwaiter().GetResult());
        var items = page.RootElement.GetProperty("items");
        return items.GetArrayLength() == 0 ? null : items[0].GetProperty("ended").GetString();
    }
}
