using System.Diagnostics;
using System.Text;
using NeckCare.Device.Protocol;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// From an HTTP call on loopback to the device acting on it over a pseudo-terminal: the service runs as
/// its own process with Hardware:Backend=Serial on the pty; the firmware emulator on the master end
/// timestamps the moment it applies the command. The command is the stop (it goes out at once).
/// </summary>
internal static class ApiLatencyBench
{
    private const int Samples = 300;

    public static IEnumerable<Figure> Run()
    {
        using var pty = PseudoTerminal.Open();
        using var emulator = new FirmwareEmulator(TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var serving = emulator.ServeAsync(pty, stop.Token);
        long stoppedAt = 0;
        emulator.CommandApplied += m =>
        {
            if (m is StopAll)
            {
                Interlocked.Exchange(ref stoppedAt, Stopwatch.GetTimestamp());
            }
        };

        var times = new List<double>();
        using (var service = ServiceProcess.Start("--Hardware:Backend=Serial", $"--Serial:Port={pty.SlavePath}"))
        {
            for (var i = 0; i < Samples + 20; i++)
            {
                Send(service, "/api/v1/session/start", """{"durationMinutes":5}""");
                Interlocked.Exchange(ref stoppedAt, 0);
                var t0 = Stopwatch.GetTimestamp();
                Send(service, "/api/v1/session/stop", "");
                var spin = new SpinWait();
                while (Interlocked.Read(ref stoppedAt) == 0 && Stopwatch.GetElapsedTime(t0) < TimeSpan.FromSeconds(2))
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (i >= 20 && Interlocked.Read(ref stoppedAt) is var t1 and > 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                }
            }
        }

        stop.Cancel();
        var wireMs = (FrameEncoder.EncodeForWire(0, new StopAll(), new byte[80]) + FrameEncoder.EncodeForWire(0, new Ack(0, AckResult.Ok), new byte[80])) * 10 / 115200.0 * 1000;
        yield return new Figure("api.stop_to_device.p50", Stats.Median(times), "ms",
            $"HTTP POST /session/stop on loopback until the device applied StopAll over a pty; {times.Count} samples; the emergency stop budget is 100 ms");
        yield return new Figure("api.stop_to_device.p99", Stats.Percentile(times, 99), "ms",
            $"compare: raw pty round trip (pty.raw_round_trip) and {wireMs:0.00} ms of wire time at 115200 baud");
    }

    private static void Send(ServiceProcess s, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        s.Http.PostAsync(path, content).GetAwaiter().GetResult();
    }
}
