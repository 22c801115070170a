using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NeckCare.Device.Host.Tests.Release;

/// <summary>
/// One of the release's arm64 programs running under qemu-aarch64-static, its output collected line by
/// line. Waiting for a line is an event, not a poll; the limits only turn a hang into a failure.
/// </summary>
internal sealed class EmulatedProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiting = [];

    public EmulatedProgram(Arm64Release release, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("qemu-aarch64-static")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = release.App,
        };
        start.ArgumentList.Add(Path.Combine(release.App, program));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["QEMU_LD_PREFIX"] = release.Sysroot;
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000"; // keeps the emulated process small
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public Task<Match> LineAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        lock (_lines)
        {
            if (_lines.Select(l => regex.Match(l)).FirstOrDefault(m => m.Success) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var waiter = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((regex, waiter));
            return waiter.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
    }

    /// <summary>The next line to match, from now on (an answer to what was just asked).</summary>
    public Task<Match> NextLineAsync(string pattern)
    {
        var waiter = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            _waiting.Add((new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), waiter));
        }

        return waiter.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return _process.ExitCode;
    }

    public Task WriteLineAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    public async Task<int> SignalAsync(string signal)
    {
        using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return _process.ExitCode;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var w in _waiting.ToList())
            {
                if (w.Pattern.Match(line) is { Success: true } m)
                {
                    _waiting.Remove(w);
                    w.Seen.TrySetResult(m);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
