using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Core.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>Nothing a user or a file supplies crashes start-up: bad options exit 2 naming the option.</summary>
public class StartupTests
{
    /// <summary>The service as a child process, to its exit (on a free loopback port); also used by the GPIO and history tests.</summary>
    internal static async Task<(int ExitCode, string StdErr)> RunServiceAsync(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        using var process = Process.Start(start)!;
        // Generous: only a service that failed to stop would reach it (the test then fails, never flakes).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, stderr);
    }

    [Theory]
    [InlineData("--Simulator:TimeScale=500", "Simulator:TimeScale must be between 1 and 120")]
    [InlineData("--Simulator:TimeScale=0", "Simulator:TimeScale must be between 1 and 120")]
    [InlineData("--Simulator:TimeScale=abc", "'Simulator:TimeScale'")]
    [InlineData("--Simulator:IntensityLevels=1000", "Simulator:IntensityLevels must be between 3 and 10")]
    [InlineData("--Simulator:TimeScael=60", "TimeScael")]
    [InlineData("--Storage:StateDirectory=relative/dir", "Storage:StateDirectory must be an absolute path")]
    public async Task A_bad_option_read_while_the_app_is_built_stops_the_service_with_exit_2_naming_it(string argument, string expected)
    {
        var (exitCode, stderr) = await RunServiceAsync(argument);

        Assert.Equal(2, exitCode);
        Assert.Contains("Configuration error", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_gains_file_shows_a_notice_in_the_status_and_the_configured_gains_apply()
    {
        await using var app = new MassagerApp();
        await File.WriteAllTextAsync(app.TunedGainsPath, """{"Heat":{"Kp":""");
        var client = await app.StartAsync();

        var status = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status")).RootElement;

        var notice = Assert.Single(status.GetProperty("notices").EnumerateArray()).GetString();
        Assert.Contains(app.TunedGainsPath, notice, StringComparison.Ordinal);
        Assert.Equal(new NeckCare.Device.Core.Heat.HeatOptions().Gains, app.Services.GetRequiredService<MassageController>().Regulator.Gains);
        foreach (var aside in Directory.GetFiles(Path.GetDirectoryName(app.TunedGainsPath)!, Path.GetFileName(app.TunedGainsPath) + ".damaged-*"))
        {
            File.Delete(aside);
        }
    }

    [Fact]
    public async Task Saved_gains_are_in_use_after_a_restart()
    {
        await using var app = new MassagerApp();
        await File.WriteAllTextAsync(app.TunedGainsPath, """{"Heat":{"Kp":2.5,"Ki":0.05,"Kd":7}}""");
        await app.StartAsync();

        Assert.Equal(new NeckCare.Device.Core.Heat.PidGains(2.5, 0.05, 7), app.Services.GetRequiredService<MassageController>().Regulator.Gains);
        Assert.Empty(app.Services.GetRequiredService<MassageController>().Status.Notices);
        File.Delete(app.TunedGainsPath);
    }
}
