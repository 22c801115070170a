using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Nobody who can open a TCP connection can make the owner's Stop unreachable (issue 20, item 1). The
/// crowd comes from other loopback addresses (127.0.0.2 …), as other machines on the network would.
/// </summary>
public sealed class ConnectionStarvationTests(ITestOutputHelper output)
{
    private static Socket Connect(Uri to, int fromLastOctet)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.{fromLastOctet / 250}.{(fromLastOctet % 250) + 2}"), 0));
        socket.Connect(IPAddress.Loopback, to.Port);
        return socket;
    }

    private static void Send(Socket s, string text)
    {
        try
        {
            s.Send(Encoding.ASCII.GetBytes(text));
        }
        catch (SocketException)
        {
            // Refused or displaced: that is the admission doing its work.
        }
    }

    [Fact]
    public async Task With_200_idle_100_slow_header_and_64_stream_connections_from_others_the_owners_stop_and_healthz_still_answer()
    {
        await using var service = await ServiceUnderTest.StartAsync();
        using var owner = service.Client();
        (await owner.PostAsync("/api/v1/session/start", new StringContent("""{"durationMinutes":10}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var crowd = new List<Socket>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                crowd.Add(Connect(service.Address, i % 40)); // idle: never sends a byte
            }

            for (var i = 0; i < 100; i++)
            {
                var s = Connect(service.Address, 40 + (i % 20));
                Send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "); // headers that never end
                crowd.Add(s);
            }

            for (var i = 0; i < 64; i++)
            {
                var s = Connect(service.Address, 60 + (i % 16));
                Send(s, $"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {ServiceUnderTest.Token}\r\n\r\n");
                crowd.Add(s);
            }

            // A fresh connection, as a phone waking up would open: the owner's earlier one proves nothing.
            using var phone = service.Client();
            var clock = Stopwatch.StartNew();
            var stop = await phone.PostAsync("/api/v1/session/stop", null);
            var stopTook = clock.Elapsed;
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);

            using var anonymous = new HttpClient { BaseAddress = service.Address };
            clock.Restart();
            var health = await anonymous.GetAsync("/healthz");
            var healthTook = clock.Elapsed;
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var status = JsonDocument.Parse(await phone.GetStringAsync("/api/v1/status")).RootElement;
            Assert.Equal("Idle", status.GetProperty("state").GetString());
            output.WriteLine($"stop answered 200 in {stopTook.TotalMilliseconds:0.0} ms, /healthz in {healthTook.TotalMilliseconds:0.0} ms, with 364 connections from others held");
        }
        finally
        {
            crowd.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_over_the_per_address_cap_gets_a_503_problem_with_a_code_not_a_silent_close()
    {
        await using var service = await ServiceUnderTest.StartAsync("--Api:MaxConnectionsPerAddress=4");
        var held = Enumerable.Range(0, 4).Select(_ => Connect(service.Address, 7)).ToList();
        try
        {
            using var fifth = Connect(service.Address, 7);
            Send(fifth, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            var answer = await ReadAllAsync(fifth);

            Assert.StartsWith("HTTP/1.1 503", answer, StringComparison.Ordinal);
            var problem = JsonDocument.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
            Assert.Equal("too-many-connections", problem.GetProperty("code").GetString());
            Assert.Contains("Api:MaxConnectionsPerAddress", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task An_event_stream_over_the_cap_gets_a_503_problem_too_many_streams()
    {
        await using var service = await ServiceUnderTest.StartAsync("--Api:MaxEventStreams=2");
        using var a = service.Client();
        using var b = service.Client();
        using var c = service.Client();
        using var first = await a.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var second = await b.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);

        using var third = await c.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal("too-many-streams", JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a deadlock guard only
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, limit.Token);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
