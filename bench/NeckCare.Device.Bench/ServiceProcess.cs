using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NeckCare.Device.Bench;

/// <summary>The real service, started as its own process (the published apphost), on a free loopback port.</summary>
internal sealed partial class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = NewClient(address);
    }

    /// <summary>The API token the bench starts the service with.</summary>
    public const string Token = "bN7mQ2xR9kV4wT6zL1pH8sJ3cF5gY0dA-eUoIiKrXqW";

    /// <summary>A client of its own (its own connection), carrying the token.</summary>
    /// <param name="reader">
    /// For the many-reader suites: the client connects from loopback address 127.0.1.(reader % 200 + 1),
    /// as phones on a network would each have their own, since one address may hold only a few of the
    /// service's event streams (Api:MaxConnectionsPerAddress / 4).
    /// </param>
    public static HttpClient NewClient(Uri address, int? reader = null)
    {
        var handler = new SocketsHttpHandler();
        if (reader is { } n)
        {
            var source = System.Net.IPAddress.Parse($"127.0.1.{(n % 200) + 1}");
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var http = new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>Settings added to every process the bench starts (`--env KEY=VALUE`), to measure what one setting buys.</summary>
    public static IList<(string Key, string Value)> ExtraEnvironment { get; } = [];

    /// <summary>The service, with the environment its systemd unit gives it.</summary>
    public static ServiceProcess Start(params string[] arguments) => Start(HostExecutable(), arguments, wrapper: null);

    /// <summary>The empty app (the yardstick), with the same environment and runtime settings as the service.</summary>
    public static ServiceProcess StartEmptyApp() => Start(EmptyAppExecutable(), [], wrapper: null);

    /// <param name="wrapper">A command the executable is started through (for example a shell that joins a cgroup first and then execs it).</param>
    public static ServiceProcess Start(string executable, IEnumerable<string> arguments, IReadOnlyList<string>? wrapper)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var port = FreePort();
        var info = new ProcessStartInfo(wrapper is null ? executable : wrapper[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var w in wrapper?.Skip(1).Append(executable) ?? [])
        {
            info.ArgumentList.Add(w);
        }

        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        // The API is locked: the bench holds the token; the state directory is its own, never the source tree.
        info.ArgumentList.Add($"--Api:Token={Token}");
        info.ArgumentList.Add("--Api:CommandsPerTenSeconds=600"); // the benches send commands back to back
        info.ArgumentList.Add($"--Storage:StateDirectory={Directory.CreateTempSubdirectory("neckcare-bench-").FullName}");
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        // Measure the service as installed: with the environment its systemd unit gives it.
        foreach (var (key, value) in UnitEnvironment().Concat(ExtraEnvironment))
        {
            info.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if (service.Http.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    service.ReadyAfter = watch.Elapsed;
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited)
            {
                break;
            }

            Thread.Sleep(2);
        }

        service.Dispose();
        throw new TimeoutException($"{Path.GetFileName(executable)} did not become healthy within 60 s");
    }

    public int Id => _process.Id;

    /// <summary>Resident memory and what it is made of, from /proc/PID/status.</summary>
    public ProcessMemory Memory()
    {
        var fields = File.ReadLines($"/proc/{_process.Id}/status")
            .Select(l => l.Split(':', 2))
            .Where(kv => kv.Length == 2 && kv[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1].Trim()[..^3], CultureInfo.InvariantCulture) / 1024);
        return new ProcessMemory(fields["VmRSS"], fields["RssAnon"], fields["RssFile"], fields["RssShmem"]);
    }

    /// <summary>
    /// Context switches of every live thread (from /proc/PID/task/*/status), by thread id: voluntary
    /// ones are a thread going to sleep, so each is followed by one wake-up; involuntary ones are a
    /// running thread put aside for another (no sleep, no wake-up: they measure competition for the cores).
    /// </summary>
    public Dictionary<int, (long Voluntary, long Involuntary)> ContextSwitches()
    {
        var counts = new Dictionary<int, (long, long)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
        {
            try
            {
                long voluntary = 0, involuntary = 0;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary = long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary = long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                counts[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (voluntary, involuntary);
            }
            catch (IOException)
            {
                // the thread ended while being read
            }
        }

        return counts;
    }

    /// <summary>
    /// Switches between two readings, thread by thread: a thread that started in between counts from zero;
    /// one that ended in between takes its count with it, which can only make the figures smaller.
    /// </summary>
    public static (long Voluntary, long Involuntary) SwitchesBetween(Dictionary<int, (long Voluntary, long Involuntary)> before, Dictionary<int, (long Voluntary, long Involuntary)> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return (after.Sum(t => t.Value.Voluntary - before.GetValueOrDefault(t.Key).Voluntary),
            after.Sum(t => t.Value.Involuntary - before.GetValueOrDefault(t.Key).Involuntary));
    }

    /// <summary>Share of one core used, wake-ups a second and preemptions a second, over <paramref name="window"/>.</summary>
    public Activity ActivityOver(TimeSpan window)
    {
        var cpu = CpuTime();
        var switches = ContextSwitches();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(window);
        var seconds = watch.Elapsed.TotalSeconds;
        var (voluntary, involuntary) = SwitchesBetween(switches, ContextSwitches());
        return new Activity((CpuTime() - cpu).TotalSeconds / seconds * 100, voluntary / seconds, involuntary / seconds);
    }

    /// <summary>POSTs a JSON body; a refusal throws with the service's answer, so a benchmark never measures a command that did nothing.</summary>
    public void Post(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = Http.PostAsync(path, content).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    /// <summary>CPU time used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)Sysconf(2 /* _SC_CLK_TCK */));
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>The unit's runtime settings (DOTNET_*, MALLOC_*), which the runtime reads only from the environment.</summary>
    private static IEnumerable<(string Key, string Value)> UnitEnvironment()
    {
        var unit = Path.Combine(RepoRoot(), "deploy", "neckcare-device.service");
        return File.ReadLines(unit)
            .Where(l => l.StartsWith("Environment=DOTNET_", StringComparison.Ordinal) || l.StartsWith("Environment=MALLOC_", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Split('=', 2))
            .Select(kv => (kv[0], kv[1]));
    }

    private static string RepoRoot() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string RepositoryRoot => RepoRoot();

    /// <summary>Another build of the empty app (`--aot` sets its Native AOT publish).</summary>
    public static string? EmptyOverride { get; set; }

    /// <summary>Another build of the service to measure (`--host PATH`, e.g. main before a change, built in a worktree).</summary>
    public static string? HostOverride { get; set; }

    internal static string HostExecutable()
    {
        if (HostOverride is { } other)
        {
            return File.Exists(other) ? other : throw new FileNotFoundException("no service at --host", other);
        }

        // The bench is at bench/NeckCare.Device.Bench/bin/<Configuration>/net10.0/; the host builds to src/…/bin/<Configuration>/net10.0/.
        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = bin.Parent!.Name;
        var path = Path.Combine(RepoRoot(), "src", "NeckCare.Device.Host", "bin", configuration, "net10.0", "NeckCare.Device.Host");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the host first", path);
    }

    internal static string EmptyAppExecutable()
    {
        if (EmptyOverride is { } other)
        {
            return File.Exists(other) ? other : throw new FileNotFoundException("no empty app there", other);
        }

        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = bin.Parent!.Name;
        var path = Path.Combine(RepoRoot(), "bench", "NeckCare.Device.EmptyApp", "bin", configuration, "net10.0", "NeckCare.Device.EmptyApp");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the empty app first", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Resident memory in MB: anonymous (heap, JIT output, stacks), file-backed (code and data of the runtime and assemblies), shared memory.</summary>
    internal readonly record struct ProcessMemory(double Rss, double Anon, double File, double Shmem);

    /// <summary>CPU in percent of one core and wake-ups (context switches) a second.</summary>
    internal readonly record struct Activity(double CpuPercent, double WakeUps, double Preemptions);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}
