using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Tests;

public class ConfigurationTests
{
    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    public static TheoryData<string, string, string> BadSettings() => new()
    {
        { "Session:WarmUpSeconds", "10", "Session:WarmUpSeconds must be between 30 and 120" },
        { "Session:DefaultDurationMinutes", "20", "Session:DefaultDurationMinutes must be between 5 and 15" },
        { "Session:DirectionReversalSeconds", "5", "Session:DirectionReversalSeconds must be between 20 and 120" },
        { "Heat:HighTargetC", "43", "Heat:HighTargetC must be between 30 and 42" },
        { "Safety:OverTemperatureC", "45", "Safety:OverTemperatureC must be between 35 and 44" },
        { "Safety:OverTemperatureC", "42", "Safety:OverTemperatureC must be between 43.0 and 44.0 °C" },
        { "Safety:FirmwareCeilingC", "46", "Safety:FirmwareCeilingC must be between 40 and 45" },
        { "Control:TickMilliseconds", "500", "Control:TickMilliseconds must be between 20 and 100" },
        { "Control:IdleTickMilliseconds", "2000", "Control:IdleTickMilliseconds must be between 100 and 500" },
        { "Simulator:TimeScale", "1000", "Simulator:TimeScale must be between 1 and 120" },
        { "Control:TickMilliseconds", "fast", "'Control:TickMilliseconds'" },
        { "Session:WarmUpSecs", "60", "WarmUpSecs" },
        { "urls", "http://0.0.0.0:5080", "Api:ListenBeyondLoopback must be true to listen on http://0.0.0.0:5080" },
        { "AllowedHosts", "*", "AllowedHosts must name the host names the controller answers to" },
        { "Api:Token", "too-short", "Api:Token must be at least 20 characters" },
        { "Api:Token", "has spaces in it, which is not allowed", "Api:Token may use only letters, digits" },
        { "Api:Token", "test-token-0123456789abcdef", "Api:Token is too easy to guess: it must carry at least 128 bits" },
        { "Safty:OverTemperatureC", "60", "Unknown section 'Safty': did you mean 'Safety'?" },
        { "Sesion:MaxMinutes", "60", "Unknown section 'Sesion': did you mean 'Session'?" },
        { "Api:MaxConnectionsPerAddress", "2", "Api:MaxConnectionsPerAddress must be between 4 and 128" },
        { "Api:MaxEventStreams", "0", "Api:MaxEventStreams must be between 1 and 128" },
        { "Api:KnownProxies", "proxy.local", "Api:KnownProxies must be IP addresses separated by commas" },
        { "Api:MaxFailedAttempts", "1", "Api:MaxFailedAttempts must be between 3 and 20" },
        { "Api:MaxConnections", "4", "Api:MaxConnections must be between 16 and 512" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_configuration_is_reported_with_the_option_name_and_allowed_range(string key, string value, string expected)
    {
        var problems = ConfigurationError.CheckBeforeBuild(Settings(new() { [key] = value }));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_option_reads_as_its_own_message_with_no_property_name_before_it()
    {
        var problems = ConfigurationError.CheckBeforeBuild(Settings(new() { ["Session:WarmUpSeconds"] = "10", ["Api:Token"] = "short" }));

        Assert.Contains("Session:WarmUpSeconds must be between 30 and 120 seconds.", problems);
        Assert.Contains("Api:Token must be at least 20 characters; leave it unset to have one generated.", problems);
    }

    [Theory]
    [InlineData("--Heat:HighTargetC=42 --Safety:OverTemperatureC=43.5", "Safety:OverTemperatureC must be between 44.0 and 44.0 °C")]
    [InlineData("--Heat:HighTargetC=43", "Heat:HighTargetC must be between 30 and 42 °C")]
    public async Task The_service_process_refuses_to_start_with_a_target_too_close_to_the_trip_or_above_42(string arguments, string expected)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Configuration error", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("600", null, true)]
    [InlineData("999", null, true)]
    [InlineData("1000", null, false)]
    [InlineData("600", "250", false)]
    public void A_serial_watchdog_shorter_than_two_idle_ticks_is_refused_naming_both_options(string watchdogMs, string? idleTickMs, bool refused)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hardware:Backend"] = "Serial",
            ["Serial:Port"] = "/dev/ttyUSB0",
            ["Serial:WatchdogMilliseconds"] = watchdogMs,
        };
        if (idleTickMs is not null)
        {
            settings["Control:IdleTickMilliseconds"] = idleTickMs;
        }

        var problems = ConfigurationError.CheckBeforeBuild(Settings(settings));

        Assert.True(refused == problems.Any(p => p.Contains("Serial:WatchdogMilliseconds must be at least twice Control:IdleTickMilliseconds", StringComparison.Ordinal)), string.Join(" / ", problems));
    }

    [Fact]
    public void Time_scaling_is_refused_for_real_hardware()
    {
        var problems = ConfigurationError.CheckBeforeBuild(Settings(new() { ["Hardware:Backend"] = "Serial", ["Simulator:TimeScale"] = "60" }));

        Assert.Contains(problems, p => p.Contains("Simulator:TimeScale must be 1 unless Hardware:Backend is Simulator", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_configuration_is_valid()
    {
        using var app = new MassagerApp();

        Assert.Empty(ConfigurationError.Check(app.Services));
        Assert.NotNull(app.Services.GetService<NeckCare.Device.Core.Control.MassageController>());
    }
}
