using System.Diagnostics;
using NeckCare.Device.Conformance;
using NeckCare.Device.Protocol;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// The conformance suite against the firmware emulator over a real pseudo-terminal, both on one manual
/// clock: time moves only when every byte has been read and the suite is waiting, so a busy machine
/// slows the test down but cannot fail it.
/// </summary>
public sealed class ConformanceTests
{
    private static Task<IReadOnlyList<CheckResult>> RunAgainstEmulatorAsync(Action<FirmwareEmulator>? breakIt = null,
        SerialTransport transport = SerialTransport.Termios) =>
        EmulatorBench.RunAsync((probe, device) => new ConformanceSuite(probe, () =>
        {
            device.PressStopButton();
            return Task.CompletedTask;
        }).RunAsync(), breakIt, transport);

    [Fact]
    public async Task The_conformance_suite_passes_over_System_IO_Ports_as_a_firmware_developer_runs_it_from_a_laptop()
    {
        var results = await RunAgainstEmulatorAsync(transport: SerialTransport.SystemIOPorts);

        var failed = results.Where(r => r.Outcome == Outcome.Fail).ToList();
        Assert.True(failed.Count == 0, ConformanceTable.Render(results));
        Assert.Contains(results, r => r.Outcome == Outcome.Pass);
    }

    [Fact]
    public async Task The_firmware_emulator_passes_every_device_side_rule_over_a_pty()
    {
        var results = await RunAgainstEmulatorAsync();

        var failed = results.Where(r => r.Outcome != Outcome.Pass).ToList();
        Assert.True(failed.Count == 0, ConformanceTable.Render(results));
        Assert.Equal(12, results.Count);
    }

    [Fact]
    public async Task A_firmware_that_refuses_outputs_fails_the_checks_that_need_them_and_the_table_says_which()
    {
        var results = await RunAgainstEmulatorAsync(d => d.RefuseOutputsWith = AckResult.NotReady);

        var failed = results.Where(r => r.Outcome == Outcome.Fail).Select(r => r.Check).ToList();
        Assert.Contains("out-of-range", failed);
        Assert.Contains("duplicates", failed);
        Assert.Contains("heater-hold", failed);
        Assert.Contains("FAILED", ConformanceTable.Render(results), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_person_at_the_device_the_stop_button_check_is_reported_as_not_run()
    {
        var table = ConformanceTable.Render([new CheckResult("stop-button", "§4", Outcome.NotRun, "needs a person at the device (--with-button)")]);

        Assert.Contains("| stop-button | not run |", table, StringComparison.Ordinal);
        Assert.Contains("conformant", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port /dev/null/nothing-here", "/dev/null/nothing-here")]
    [InlineData("--port /dev/ptmx --baud 12345", "--baud must be one of")]
    public async Task The_command_refuses_a_port_it_cannot_open_or_a_baud_rate_that_does_not_exist_with_exit_2(string arguments, string mentions)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "neckcare-conformance.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments.Split(' '))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(hang.Token);
        var stderr = await process.StandardError.ReadToEndAsync(hang.Token);
        await process.WaitForExitAsync(hang.Token);
        await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(mentions, stderr, StringComparison.Ordinal);
    }
}
