using System.Diagnostics;
using System.Text;
using NeckCare.Device.Protocol;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// From an HTTP call on loopback to the device acting on it over a pseudo-terminal: the service runs as
/// its own process with Hardware:Backend=Serial on the pty; the firmware emulator on the master end
/// timestamps the moment it applies the command. The command is the stop (it goes out at once, and is
/// never rate-limited). Beside it, in the same run, its floors: the raw pty, raw loopback TCP and an HTTP
/// POST answered by the empty app.
/// </summary>
internal static class ApiLatencyBench
{
    private const int Samples = Stats.ForP99;

    public static IEnumerable<Figure> Run()
    {
        var stops = StopToDevice();
        var pty = Floors.RawPtyRoundTrips(Samples);
        var tcp = Floors.RawTcpRoundTrips(Samples);
        var http = Floors.EmptyAppPosts(Samples);
        var wireMs = (FrameEncoder.EncodeForWire(0, new StopAll(), new byte[80]) + FrameEncoder.EncodeForWire(0, new Ack(0, AckResult.Ok), new byte[80])) * 10 / 115200.0 * 1000;
        var floor = Stats.Median(http) + Stats.Median(pty);
        var (tail, value) = Stats.Tail(stops);
        yield return new Figure("api.stop_to_device.p50", Stats.Median(stops), "ms",
            $"HTTP POST /session/stop on loopback until the device applied StopAll over a pty; {stops.Count} samples (every 10th ends a running session); the emergency stop budget is 100 ms; {Stats.Median(stops) / floor:0.0}× the floor (empty-app HTTP + raw pty p50s)");
        yield return new Figure($"api.stop_to_device.{tail}", value, "ms", $"{wireMs:0.00} ms of wire time at 115200 baud would come on top on a real UART");
        foreach (var (name, times, what) in new[] { ("pty_round_trip", pty, "11 bytes echoed through a pty, read by the protocol's reader thread"), ("tcp_round_trip", tcp, "11 bytes echoed over loopback TCP"), ("http_empty_app", http, "POST answered 204 by the empty app on loopback (Kestrel + HttpClient)") })
        {
            var (t, v) = Stats.Tail(times);
            yield return new Figure($"floor.{name}.p50", Stats.Median(times), "ms", $"{what}; {times.Count} samples, {t} {v:0.000} ms; same run as api.stop_to_device");
        }
    }

    private static List<double> StopToDevice()
    {
        using var device = new TimedDevice();
        var times = new List<double>();
        using var service = ServiceProcess.Start("--Hardware:Backend=Serial", $"--Serial:Port={device.Port}");
        for (var i = 0; i < Samples + 100; i++)
        {
            if (i % 10 == 0)
            {
                service.Post("/api/v1/session/start", """{"durationMinutes":5}""");
            }

            device.Arm();
            var t0 = Stopwatch.GetTimestamp();
            service.Post("/api/v1/session/stop", "");
            if (device.WaitForStop(t0) is { } ms && i >= 100)
            {
                times.Add(ms);
            }
        }

        return times;
    }
}
