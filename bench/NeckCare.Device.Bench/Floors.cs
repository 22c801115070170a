using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Bench;

/// <summary>
/// What a latency would be with nothing of ours in it, measured in the same run as the latency itself:
/// the bytes through a pty, the bytes through a loopback TCP socket, and an HTTP request answered by the
/// empty app. Each is waited for the way the measured figure is (spinning, never sleeping), so the
/// difference is our own work.
/// </summary>
internal static class Floors
{
    private const int WarmUp = 100;

    /// <summary>A thread echoes every byte on the pty's master; the slave is read through the protocol's reader-thread path.</summary>
    public static List<double> RawPtyRoundTrips(int samples)
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(pty.SlavePath, 115200);
        using var stop = new CancellationTokenSource();
        var echo = Task.Run(() =>
        {
            var b = new byte[256];
            while (!stop.IsCancellationRequested)
            {
                var n = pty.Read(b, 0, b.Length);
                if (n > 0)
                {
                    pty.Write(b, 0, n);
                }
            }
        });
        long received = 0;
        var reader = Task.Run(async () =>
        {
            var b = new byte[256];
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Add(ref received, await port.ReadAsync(b, stop.Token));
            }
        });
        var times = Echo(samples, payload => port.Write(payload), () => Interlocked.Read(ref received));
        stop.Cancel();
        port.Write(new byte[1]); // wake the echo thread so it sees the stop
        Task.WhenAny(Task.WhenAll(echo, reader), Task.Delay(2000)).Wait();
        return times;
    }

    /// <summary>The same echo over a loopback TCP connection (what Kestrel's socket costs before HTTP).</summary>
    public static List<double> RawTcpRoundTrips(int samples)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient { NoDelay = true };
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var server = listener.AcceptTcpClient();
        server.NoDelay = true;
        using var stop = new CancellationTokenSource();
        var echo = Task.Run(() =>
        {
            var s = server.GetStream();
            var b = new byte[256];
            int n;
            while ((n = s.Read(b, 0, b.Length)) > 0)
            {
                s.Write(b, 0, n);
            }
        });
        long received = 0;
        var stream = client.GetStream();
        var reader = Task.Run(async () =>
        {
            var b = new byte[256];
            int n;
            while ((n = await stream.ReadAsync(b, stop.Token)) > 0)
            {
                Interlocked.Add(ref received, n);
            }
        });
        var times = Echo(samples, payload => stream.Write(payload), () => Interlocked.Read(ref received));
        stop.Cancel();
        client.Client.Shutdown(SocketShutdown.Both);
        Task.WhenAny(Task.WhenAll(echo, reader), Task.Delay(2000)).Wait();
        return times;
    }

    /// <summary>An HTTP POST on loopback to the empty app (Kestrel, routing, HttpClient: the floor of any API call).</summary>
    public static List<double> EmptyAppPosts(int samples)
    {
        using var app = ServiceProcess.StartEmptyApp();
        var times = new List<double>();
        for (var i = 0; i < samples + WarmUp; i++)
        {
            using var content = new StringContent("", Encoding.UTF8, "application/json");
            var t0 = Stopwatch.GetTimestamp();
            using var response = app.Http.PostAsync("/echo", content).GetAwaiter().GetResult();
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (i >= WarmUp)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }

    private static List<double> Echo(int samples, Action<byte[]> write, Func<long> received)
    {
        var payload = new byte[11];
        payload.AsSpan().Fill(0x55);
        var times = new List<double>();
        for (var i = 0; i < samples + WarmUp; i++)
        {
            var target = received() + payload.Length;
            var spin = new SpinWait();
            var watch = Stopwatch.StartNew();
            write(payload);
            while (received() < target && watch.Elapsed < TimeSpan.FromSeconds(2))
            {
                spin.SpinOnce(sleep1Threshold: -1); // never Sleep(1): it would quantise the measurement to 1 ms
            }

            if (i >= WarmUp)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }
}
