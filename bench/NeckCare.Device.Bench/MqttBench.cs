using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MQTTnet;

namespace NeckCare.Device.Bench;

/// <summary>
/// A Stop over MQTT against a Stop over the API, in one run of one service (Serial on a pty, MQTT to a
/// local Mosquitto): from the publish (or POST) until the device applied StopAll. Then the service's
/// memory with MQTT on against a service with it off, both after the same commands. Needs `mosquitto`.
/// </summary>
internal static class MqttBench
{
    private const int Samples = Stats.ForP99;

    /// <summary>NECKCARE_BENCH_MQTT_NODELAY=0 runs the broker with Mosquitto's default (Nagle on).</summary>
    private static readonly string[] NoDelay = Environment.GetEnvironmentVariable("NECKCARE_BENCH_MQTT_NODELAY") == "0" ? [] : ["set_tcp_nodelay true"];

    public static IEnumerable<Figure> Run()
    {
        var mosquitto = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("neckcare-bench-mqtt-").FullName;
        File.WriteAllLines(Path.Combine(dir, "m.conf"), [$"listener {port} 127.0.0.1", "allow_anonymous true", "persistence false", $"user {Environment.UserName}", .. NoDelay]);
        using var broker = Process.Start(new ProcessStartInfo(mosquitto, $"-c {dir}/m.conf") { RedirectStandardError = true })!;
        try
        {
            var (mqtt, api, rssOn) = Stops(port, withMqtt: true);
            var (_, apiOff, rssOff) = Stops(port, withMqtt: false);
            var (mt, mv) = Stats.Tail(mqtt);
            var (at, av) = Stats.Tail(api);
            yield return new Figure("mqtt.stop_to_device.p50", Stats.Median(mqtt), "ms",
                $"publish to <base>/command/stop (QoS 0, local Mosquitto{(NoDelay.Length > 0 ? ", set_tcp_nodelay true" : ", Nagle on")}) until the device applied StopAll over a pty; {mqtt.Count} samples, alternating with API stops in the same service");
            yield return new Figure($"mqtt.stop_to_device.{mt}", mv, "ms", $"the API's stop in the same run: p50 {Stats.Median(api):0.00} ms, {at} {av:0.00} ms");
            yield return new Figure("mqtt.rss_on", rssOn, "MB", $"service RSS after {Samples + 100} stops with MQTT on (connected, publishing); with MQTT off after the same number of API stops: {rssOff:0.0} MB");
            yield return new Figure("mqtt.rss_cost", rssOn - rssOff, "MB", $"what MQTT adds (MQTTnet loaded, one connection, the bridge); API stop p50 with MQTT off: {Stats.Median(apiOff):0.00} ms");
        }
        finally
        {
            broker.Kill();
            broker.WaitForExit();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (List<double> Mqtt, List<double> Api, double RssMb) Stops(int brokerPort, bool withMqtt)
    {
        using var device = new TimedDevice();
        string[] args = withMqtt
            ? ["--Hardware:Backend=Serial", $"--Serial:Port={device.Port}", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={brokerPort}", "--Mqtt:BaseTopic=neckcare/bench"]
            : ["--Hardware:Backend=Serial", $"--Serial:Port={device.Port}"];
        using var service = ServiceProcess.Start(args);
        using var client = new MqttClientFactory().CreateMqttClient();
        if (withMqtt)
        {
            client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).Build()).GetAwaiter().GetResult();
            var limit = Stopwatch.StartNew();
            while (!service.Http.GetStringAsync(new Uri("/api/v1/diagnostics/mqtt", UriKind.Relative)).GetAwaiter().GetResult().Contains("\"connected\":true", StringComparison.Ordinal))
            {
                if (limit.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("the service did not connect to the bench's broker");
                }

                Thread.Sleep(50);
            }
        }

        var mqtt = new List<double>();
        var api = new List<double>();
        for (var i = 0; i < (Samples + 100) * (withMqtt ? 2 : 1); i++)
        {
            if (i % 10 == 0)
            {
                service.Post("/api/v1/session/start", """{"durationMinutes":5}""");
            }

            var overMqtt = withMqtt && i % 2 == 0;
            device.Arm();
            var t0 = Stopwatch.GetTimestamp();
            if (overMqtt)
            {
                client.PublishStringAsync("neckcare/bench/command/stop", "PRESS").GetAwaiter().GetResult();
            }
            else
            {
                service.Post("/api/v1/session/stop", "");
            }

            if (device.WaitForStop(t0) is { } ms && i >= 200)
            {
                (overMqtt ? mqtt : api).Add(ms);
            }
        }

        return (mqtt, api, service.Memory().Rss);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
