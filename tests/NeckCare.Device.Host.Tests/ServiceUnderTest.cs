using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The shipped service as a child process on a port of its choosing, on the simulator, with its own state
/// directory and token. Ready is Kestrel's "Now listening on" line (an event, not a poll); the limits
/// only turn a hang into a failure.
/// </summary>
internal sealed partial class ServiceUnderTest : IAsyncDisposable
{
    public const string Token = "pQ3xV9sLwE2mK7rTz5bN-hJ8cY4fA6gU1dWkR0oMiXs";
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly List<string> _output = [];

    private ServiceUnderTest(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        StateDirectory = Directory.CreateTempSubdirectory("neckcare-svc-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll"));
        foreach (var a in new[] { "--urls=http://127.0.0.1:0", $"--Storage:StateDirectory={StateDirectory}", $"--Api:Token={Token}" }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } text)
            {
                lock (_output)
                {
                    _output.Add(text);
                }
            }

            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } m)
            {
                _listening.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"the service exited with {_process.ExitCode}"));
    }

    public string StateDirectory { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    /// <summary>What the service wrote to its standard output so far, line by line.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public static Task<ServiceUnderTest> StartAsync(params string[] arguments) => StartAsync(null, arguments);

    /// <summary>Starts the service with <paramref name="environment"/> added to its own (e.g. NOTIFY_SOCKET).</summary>
    public static async Task<ServiceUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var service = new ServiceUnderTest(arguments, environment);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            service.Address = await service._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
            return service;
        }
        catch
        {
            await service.DisposeAsync(); // a service that never listened must not outlive the test
            throw;
        }
    }

    /// <summary>SIGTERM, as systemd stops a unit, and waits for the service to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return _process.ExitCode;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
