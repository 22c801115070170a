using System.Diagnostics;
using System.Text;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// The live event stream under load, on the real service process (serial backend on a pty, the firmware
/// emulator on the master end): how long from a command's HTTP call until each listening client has the
/// matching state event, with 1 and with 100 clients; how regular the control ticks stay (as the service
/// measures them: GET /api/v1/diagnostics/ticks) with 0 and with 100 clients streaming. Memory with 100 clients is in the footprint suite, beside the empty app's.
/// </summary>
internal static class EventStreamBench
{
    private const int Rounds = 100;
    private static readonly TimeSpan JitterWindow = TimeSpan.FromSeconds(20);

    public static IEnumerable<Figure> Run()
    {
        using var pty = PseudoTerminal.Open();
        using var emulator = new FirmwareEmulator(TimeProvider.System);
        using var stop = new CancellationTokenSource();
        _ = emulator.ServeAsync(pty, stop.Token);
        var figures = new List<Figure>();
        using (var service = StartService(pty, pinned: false))
        {
            var idleJitter = TickJitter(service);
            var one = Listeners.Open(service.Address, 1);
            var (single, _) = Latencies(service, one);
            var many = Listeners.Open(service.Address, 99);
            var all = new Listeners([.. one.Clients, .. many.Clients]);
            var (hundred, firsts) = Latencies(service, all);
            var busyJitter = TickJitter(service);
            all.Dispose();
            Thread.Sleep(TimeSpan.FromSeconds(2));
            var idleAgain = TickJitter(service); // the noise: the same as the first, after the clients left

            figures.Add(new Figure("events.command_to_event.1_client.p50", Stats.Median(single), "ms", $"POST start/stop until the client has the state event; {single.Count} samples"));
            var (tail, value) = Stats.Tail(single);
            figures.Add(new Figure($"events.command_to_event.1_client.{tail}", value, "ms", $"goal: p99 under 2 ms; {single.Count} samples support only a {tail}"));
            figures.Add(new Figure("events.command_to_event.100_clients.p50", Stats.Median(hundred), "ms", $"every client's arrival counted; {hundred.Count} samples"));
            figures.Add(new Figure("events.command_to_event.100_clients.p99", Stats.Percentile(hundred, 99), "ms", "goal: under 2 ms"));
            var (firstTail, firstValue) = Stats.Tail(firsts);
            figures.Add(new Figure($"events.command_to_event.100_clients.first.{firstTail}", firstValue, "ms", $"the first of the 100 to have it (p50 {Stats.Median(firsts):0.000} ms): the service's own share; the rest is 100 readers sharing 2 cores with it"));
            figures.Add(new Figure("control.tick_jitter.0_clients.max", idleJitter, "ms", $"largest |tick spacing − 100 ms| of the 200 ticks in {JitterWindow.TotalSeconds:0} s of a session (too few for a p99), measured by the service; again after the clients left: {idleAgain:0.000} ms"));
            figures.Add(new Figure("control.tick_jitter.100_clients.max", busyJitter, "ms", "the same with 100 clients streaming; goal: unchanged within noise; the heater hold is 500 ms"));
        }

        // The same fan-out with the readers kept off the service's core: the service pinned to core 0
        // (taskset), this process (the 100 readers and the emulated device) to core 1.
        if (OperatingSystem.IsLinux())
        {
            figures.AddRange(Pinned(pty));
        }

        stop.Cancel();
        return figures;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static List<Figure> Pinned(PseudoTerminal pty)
    {
        var figures = new List<Figure>();
        var before = Process.GetCurrentProcess().ProcessorAffinity;
        Process.GetCurrentProcess().ProcessorAffinity = 2;
        try
        {
            using var service = StartService(pty, pinned: true);
            using var all = Listeners.Open(service.Address, 100);
            var (hundred, firsts) = Latencies(service, all);
            figures.Add(new Figure("events.command_to_event.100_clients.pinned.p50", Stats.Median(hundred), "ms", $"service on core 0, the 100 readers on core 1; {hundred.Count} samples"));
            figures.Add(new Figure("events.command_to_event.100_clients.pinned.p99", Stats.Percentile(hundred, 99), "ms", "goal: under 2 ms"));
            figures.Add(new Figure("events.command_to_event.100_clients.pinned.first.p50", Stats.Median(firsts), "ms", "the first of the 100: the service's own share when no reader competes for its core"));
        }
        finally
        {
            Process.GetCurrentProcess().ProcessorAffinity = before;
        }

        return figures;
    }

    private static ServiceProcess StartService(PseudoTerminal pty, bool pinned) => ServiceProcess.Start(ServiceProcess.HostExecutable(),
        ["--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}", "--Api:MaxConnections=160", "--Api:MaxEventStreams=128", "--Api:MaxConnectionsPerAddress=128"],
        pinned ? ["taskset", "-c", "0"] : null);

    /// <summary>
    /// The most the control ticks' spacing strays from the period over 20 s of a running session,
    /// as the service itself measures it (GET /api/v1/diagnostics/ticks: the last 200 ticks, wall clock).
    /// </summary>
    private static double TickJitter(ServiceProcess service)
    {
        service.Post("/api/v1/session/start", """{"durationMinutes":15}""");
        Thread.Sleep(JitterWindow + TimeSpan.FromSeconds(1)); // the window then holds only this session's ticks
        using var report = System.Text.Json.JsonDocument.Parse(service.Http.GetStringAsync("/api/v1/diagnostics/ticks").GetAwaiter().GetResult());
        service.Post("/api/v1/session/stop", "");
        return report.RootElement.GetProperty("deviationMaxMs").GetDouble();
    }

    /// <returns>Every client's delay, and per command the first client's.</returns>
    private static (List<double> All, List<double> First) Latencies(ServiceProcess service, Listeners listeners)
    {
        var samples = new List<double>();
        var firsts = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            foreach (var (path, body, state) in new[] { ("/api/v1/session/start", "{}", "\"WarmingUp\""), ("/api/v1/session/stop", "", "\"Idle\"") })
            {
                listeners.Expect(state);
                var t0 = Stopwatch.GetTimestamp();
                service.Post(path, body);
                if (i >= 5)
                {
                    var delays = listeners.WaitAll(TimeSpan.FromSeconds(5)).Select(t => Stopwatch.GetElapsedTime(t0, t).TotalMilliseconds).ToList();
                    samples.AddRange(delays);
                    if (delays.Count > 0)
                    {
                        firsts.Add(delays.Min());
                    }
                }
                else
                {
                    listeners.WaitAll(TimeSpan.FromSeconds(5));
                }
            }
        }

        return (samples, firsts);
    }

    /// <summary>Clients on the stream, each on its own connection, noting when the expected state event arrives.</summary>
    private sealed class Listeners(IReadOnlyList<Listeners.Client> clients) : IDisposable
    {
        public IReadOnlyList<Client> Clients => clients;

        private static int _readers;

        public static Listeners Open(Uri address, int count)
        {
            var list = new List<Client>();
            for (var i = 0; i < count; i++)
            {
                var http = ServiceProcess.NewClient(address, reader: Interlocked.Increment(ref _readers));
                var stream = http.GetStreamAsync("/api/v1/events").GetAwaiter().GetResult();
                var client = new Client(http, stream);
                client.Start();
                list.Add(client);
            }

            return new Listeners(list);
        }

        public void Expect(string state)
        {
            foreach (var c in clients)
            {
                c.Expect(state);
            }
        }

        public List<long> WaitAll(TimeSpan limit) => clients.Select(c => c.Wait(limit)).Where(t => t > 0).ToList();

        public void Dispose()
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }

        internal sealed class Client(HttpClient http, Stream stream) : IDisposable
        {
            private readonly object _gate = new();
            private string? _expected;
            private long _arrived;
            private readonly ManualResetEventSlim _seen = new();

            public void Start() => _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(stream);
                var stateEvent = false;
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        stateEvent = line == "event: state";
                    }
                    else if (stateEvent && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        var now = Stopwatch.GetTimestamp();
                        lock (_gate)
                        {
                            if (_expected is { } e && line.Contains("\"state\":" + e, StringComparison.Ordinal))
                            {
                                _arrived = now;
                                _expected = null;
                                _seen.Set();
                            }
                        }
                    }
                }
            });

            public void Expect(string state)
            {
                lock (_gate)
                {
                    _expected = state;
                    _arrived = 0;
                    _seen.Reset();
                }
            }

            public long Wait(TimeSpan limit)
            {
                _seen.Wait(limit);
                lock (_gate)
                {
                    return _arrived;
                }
            }

            public void Dispose()
            {
                stream.Dispose();
                http.Dispose();
                _seen.Dispose();
            }
        }
    }
}
