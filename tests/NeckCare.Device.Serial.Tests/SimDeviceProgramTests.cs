using System.Diagnostics;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The documented console program: it prints a pty path a controller can use at once.</summary>
public class SimDeviceProgramTests
{
    /// <summary>The SimDevice program built beside these tests (…/bin/&lt;Configuration&gt;/net10.0/), started with <paramref name="arguments"/>.</summary>
    private static Process StartSimDevice(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoRoot.Path, "hw-sim", "NeckCare.Device.SimDevice", "bin", configuration, "net10.0", "NeckCare.Device.SimDevice.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    [Fact]
    public async Task The_simulator_device_program_prints_its_pty_and_answers_a_handshake_there()
    {
        var link = Path.Combine(Path.GetTempPath(), $"neckcare-sim-test-{Guid.NewGuid():N}");

        using var process = StartSimDevice("--link", link);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (first is null)
            {
                Assert.Fail("the program exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            Assert.Matches(@"^Simulated massager on /dev/pts/\d+ \(also .+\)\.$", first);

            // A manual clock: the product's 500 ms handshake deadline is for a running device, not for a
            // process that a loaded machine is still starting. The 30 s token only guards against a hang.
            await using var host = new SerialMassager(_ => ValueTask.FromResult<Stream>(LinuxSerialPort.Open(link, 115200)),
                new SerialOptions(), 45, new TestSupport.ManualTimeProvider());
            var info = await host.ConnectAsync(timeout.Token);

            Assert.Equal("emu-1.0", info.FirmwareVersion);
            Assert.Equal(5, info.IntensityLevels);
        }
        finally
        {
            if (!process.HasExited)
            {
                try
                {
                    await process.StandardInput.WriteLineAsync("quit");
                }
                catch (IOException)
                {
                    // it exited meanwhile
                }
            }

            if (!process.WaitForExit(10_000))
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Without_console_input_the_simulator_device_keeps_serving_until_SIGTERM()
    {
        var link = Path.Combine(Path.GetTempPath(), $"neckcare-sim-test-{Guid.NewGuid():N}");

        using var process = StartSimDevice("--link", link);
        try
        {
            process.StandardInput.Close(); // as under nohup or a service manager
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // guards only against a hang
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.StartsWith("No console input", StringComparison.Ordinal));

            Assert.NotNull(line); // null: it exited when its input closed

            await using var host = new SerialMassager(_ => ValueTask.FromResult<Stream>(LinuxSerialPort.Open(link, 115200)),
                new SerialOptions(), 45, new TestSupport.ManualTimeProvider());
            Assert.Equal("emu-1.0", (await host.ConnectAsync(timeout.Token)).FirmwareVersion);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(link));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task A_link_fault_rate_that_is_not_a_rate_is_refused_with_exit_2()
    {

        using var process = StartSimDevice("--corrupt", "lots");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--corrupt", stderr, StringComparison.Ordinal);
    }
}
