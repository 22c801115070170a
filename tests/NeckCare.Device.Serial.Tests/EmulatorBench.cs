using System.Diagnostics;
using NeckCare.Device.Conformance;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// The firmware emulator on a real pseudo-terminal with a bare host probe, both on one manual clock:
/// time moves only when every byte has been read and the probe is waiting, so a busy machine slows a
/// test down but cannot fail it.
/// </summary>
internal static class EmulatorBench
{
    /// <param name="transport">How the probe opens the pty: termios (Linux) or System.IO.Ports (as on Windows and macOS).</param>
    public static async Task<T> RunAsync<T>(Func<DeviceProbe, FirmwareEmulator, Task<T>> scenario, Action<FirmwareEmulator>? setUp = null,
        SerialTransport transport = SerialTransport.Termios)
    {
        var time = new ManualTimeProvider();
        using var pty = PseudoTerminal.Open();
        using var device = new FirmwareEmulator(time);
        setUp?.Invoke(device);
        using var stop = new CancellationTokenSource();
        var serving = device.ServeAsync(pty, stop.Token);
        var probe = new DeviceProbe(SerialTransports.Open(pty.SlavePath, 115200, transport), time);
        try
        {
            var run = scenario(probe, device);
            var hang = Stopwatch.StartNew();
            while (!run.IsCompleted)
            {
                if (probe.BytesSent == device.BytesReceived && device.BytesSent == probe.BytesReceived && probe.Idle)
                {
                    time.Advance(TimeSpan.FromMilliseconds(10));
                    hang.Restart();
                }
                else
                {
                    Assert.True(hang.Elapsed < TimeSpan.FromSeconds(30), "the link never settled (a hang, not a slow machine)");
                    await Task.Yield();
                }
            }

            return await run;
        }
        finally
        {
            await stop.CancelAsync();
            await probe.DisposeAsync();
            try
            {
                await serving;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // the pty closed under it
            }
        }
    }
}
