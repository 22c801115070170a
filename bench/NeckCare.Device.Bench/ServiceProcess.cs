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
    public const string Token = "bench-token-0123456789abcdef";

    /// <summary>A client of its own (its own connection), carrying the token.</summary>
    public static HttpClient NewClient(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public TimeSpan ReadyAfter { get; private set; }

    public static ServiceProcess Start(params string[] arguments)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(HostExecutable()) { RedirectStandardOutput = true, RedirectStandardError = true };
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
        foreach (var (key, value) in UnitEnvironment())
        {
            info.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the service");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
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

            Thread.Sleep(2);
        }

        service.Dispose();
        throw new TimeoutException("the service did not become healthy within 30 s");
    }

    /// <summary>Resident memory, from /proc.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Proportional (shared pages divided among their users) and private memory, from /proc.</summary>
    public (double Pss, double Private) MemoryShares()
    {
        double Field(string name) => double.Parse(File.ReadLines($"/proc/{_process.Id}/smaps_rollup")
            .First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return (Field("Pss"), Field("Private_Clean") + Field("Private_Dirty"));
    }

    /// <summary>CPU time used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)Sysconf(2 /* _SC_CLK_TCK */));
    }

    /// <summary>Share of one core used over <paramref name="window"/>, in percent.</summary>
    public double CpuPercentOver(TimeSpan window)
    {
        var before = CpuTime();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(window);
        return (CpuTime() - before).TotalSeconds / watch.Elapsed.TotalSeconds * 100;
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

    private static IEnumerable<(string Key, string Value)> UnitEnvironment()
    {
        var unit = Path.Combine(RepoRoot(), "deploy", "neckcare-device.service");
        return File.ReadLines(unit)
            .Where(l => l.StartsWith("Environment=DOTNET_", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Split('=', 2))
            .Select(kv => (kv[0], kv[1]));
    }

    private static string RepoRoot() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    internal static string HostExecutable()
    {
        // The bench is at bench/NeckCare.Device.Bench/bin/<Configuration>/net10.0/; the host builds to src/…/bin/<Configuration>/net10.0/.
        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = bin.Parent!.Name;
        var path = Path.Combine(RepoRoot(), "src", "NeckCare.Device.Host", "bin", configuration, "net10.0", "NeckCare.Device.Host");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the host first", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}
