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

    private ServiceUnderTest(IEnumerable<string> arguments)
    {
        StateDirectory = Directory.CreateTempSubdirectory("neckcare-svc-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll"));
        foreach (var a in new[] { "--urls=http://127.0.0.1:0", $"--Storage:StateDirectory={StateDirectory}", $"--Api:Token={Token}" }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
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

    public static async Task<ServiceUnderTest> StartAsync(params string[] arguments)
    {
        var service = new ServiceUnderTest(arguments);
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
