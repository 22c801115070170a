using System.Diagnostics;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The documented console program: it prints a pty path a controller can use at once.</summary>
public class SimDeviceProgramTests
{
    [Fact]
    public async Task The_simulator_device_program_prints_its_pty_and_answers_a_handshake_there()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        var dll = Path.Combine(RepoRoot.Path, "hw-sim", "NeckCare.Device.SimDevice", "bin", configuration, "net10.0", "NeckCare.Device.SimDevice.dll");
        var link = Path.Combine(Path.GetTempPath(), $"neckcare-sim-test-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--link", link })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
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
}
