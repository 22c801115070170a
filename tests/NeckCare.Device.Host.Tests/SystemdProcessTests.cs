using System.Net.Sockets;
using System.Text;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The shipped service as systemd runs it, with a real datagram socket as NOTIFY_SOCKET: readiness,
/// watchdog pings from its control loop, STOPPING=1 on SIGTERM, and journald priorities on its log lines.
/// </summary>
public sealed class SystemdProcessTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"notify-{Guid.NewGuid():N}.sock");
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public SystemdProcessTests() => _systemd.Bind(new UnixDomainSocketEndPoint(_path));

    public void Dispose()
    {
        _systemd.Dispose();
        File.Delete(_path);
    }

    [Fact]
    public async Task Under_systemd_the_service_says_ready_pings_the_watchdog_says_stopping_and_logs_with_journald_priorities()
    {
        var service = await ServiceUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = _path,
            ["WATCHDOG_USEC"] = "1500000", // pings every 0.5 s: the test needs to wait for few
        });
        await using var _ = service;

        var ready = await NextAsync(m => m.StartsWith("READY=1\n", StringComparison.Ordinal), "READY=1");
        Assert.Contains("STATUS=", ready, StringComparison.Ordinal);
        await NextAsync(m => m == "WATCHDOG=1", "a watchdog ping from the idle loop");

        Assert.Equal(0, await service.TerminateAsync());
        await NextAsync(m => m.StartsWith("STOPPING=1\n", StringComparison.Ordinal), "STOPPING=1");
        Assert.Contains(service.Output, line => line.StartsWith("<6>", StringComparison.Ordinal) && line.Contains("Now listening on", StringComparison.Ordinal));
    }

    /// <summary>The next datagram matching <paramref name="match"/>; the limit only turns "never" into a failure.</summary>
    private async Task<string> NextAsync(Func<string, bool> match, string what)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var n = await _systemd.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
                var message = Encoding.UTF8.GetString(buffer, 0, n);
                seen.Add(message);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"never received {what}; received: {string.Join(" | ", seen)}");
        }
    }
}
