using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Simulator.Physics;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>sd_notify on a fake systemd: a Unix datagram socket bound in a temp folder, read by the test.</summary>
public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"notify-{Guid.NewGuid():N}.sock");
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public SystemdNotifierTests() => _systemd.Bind(new UnixDomainSocketEndPoint(_path));

    public void Dispose()
    {
        _systemd.Dispose();
        File.Delete(_path);
    }

    /// <summary>Every datagram that has arrived, without waiting for more.</summary>
    private List<string> Received()
    {
        var messages = new List<string>();
        var buffer = new byte[4096];
        while (_systemd.Available > 0)
        {
            var n = _systemd.Receive(buffer);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return messages;
    }

    private SystemdNotifier Notifier(ManualTimeProvider time, TimeSpan? watchdog) =>
        new(_path, watchdog, time, NullLogger<SystemdNotifier>.Instance);

    [Fact]
    public void Ready_and_stopping_are_sent_as_systemd_reads_them()
    {
        using var notifier = Notifier(new ManualTimeProvider(), null);

        notifier.Ready("up");
        notifier.Stopping();

        var messages = Received();
        Assert.Equal(2, messages.Count);
        Assert.StartsWith("READY=1\n", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("STOPPING=1\n", messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_tick_on_a_fresh_reading_pings_the_watchdog_at_most_every_third_of_its_time()
    {
        var time = new ManualTimeProvider();
        using var notifier = Notifier(time, TimeSpan.FromSeconds(3));

        for (var i = 0; i < 30; i++) // 3 s of ticks at 10 Hz
        {
            notifier.LoopRan(freshReading: true, outputsOff: false);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, Received().Count(m => m == "WATCHDOG=1"));
    }

    [Fact]
    public void A_loop_driving_outputs_on_stale_readings_stops_proving_itself()
    {
        var time = new ManualTimeProvider();
        using var notifier = Notifier(time, TimeSpan.FromSeconds(3));

        for (var i = 0; i < 50; i++)
        {
            notifier.LoopRan(freshReading: false, outputsOff: false);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Empty(Received());
    }

    [Fact]
    public void A_loop_with_everything_off_keeps_pinging_without_a_device()
    {
        var time = new ManualTimeProvider();
        using var notifier = Notifier(time, TimeSpan.FromSeconds(3));

        notifier.LoopRan(freshReading: false, outputsOff: true);

        Assert.Equal(["WATCHDOG=1"], Received());
    }

    [Fact]
    public void Without_a_watchdog_or_a_socket_nothing_is_sent_and_nothing_fails()
    {
        var time = new ManualTimeProvider();
        using var noWatchdog = Notifier(time, null);
        noWatchdog.LoopRan(true, true);
        using var noSocket = new SystemdNotifier(null, TimeSpan.FromSeconds(1), time, NullLogger<SystemdNotifier>.Instance);
        noSocket.Ready("x");
        noSocket.LoopRan(true, true);
        using var goneSocket = new SystemdNotifier(_path + ".gone", TimeSpan.FromSeconds(1), time, NullLogger<SystemdNotifier>.Instance);
        goneSocket.Ready("x");

        Assert.Empty(Received());
        Assert.False(noSocket.Enabled);
    }

    [Fact]
    public async Task The_service_says_ready_pings_from_its_control_loop_and_stops_pinging_when_the_loop_runs_blind()
    {
        var app = new MassagerApp();
        await using var _ = app;
        var pings = new ManualTimeProvider(); // the notifier's own clock, moved by the test apart from the session's
        var counted = new SystemdNotifier(_path, TimeSpan.FromSeconds(3), pings, NullLogger<SystemdNotifier>.Instance);
        app.ExtraServices = s =>
        {
            s.RemoveAll<SystemdNotifier>();
            s.AddSingleton(counted);
        };
        var client = await app.StartAsync();
        Assert.Contains(Received(), m => m.StartsWith("READY=1", StringComparison.Ordinal) || m == "WATCHDOG=1");

        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":10,"heat":"High"}"""));
        await PingWindowsAsync(app, pings, 3);
        Assert.Equal(3, Received().Count(m => m == "WATCHDOG=1")); // a fresh reading every tick: a ping per window

        // The sensor stops producing samples: the loop still runs, but nothing it commands is based on
        // a fresh reading any more. Until the guard cuts the outputs (SensorStale), no ping goes out.
        app.Device.Inject(SimulatedFault.SensorFrozen);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300)); // a sample already on its way still counts
        Received().Clear();
        await PingWindowsAsync(app, pings, 1);
        var blind = Received();
        Assert.Equal("WarmingUp", await State(client)); // outputs still on, not yet tripped
        Assert.DoesNotContain("WATCHDOG=1", blind);
    }

    /// <summary>Runs the loop while the notifier's clock moves a whole ping interval (1 s) per control tick batch.</summary>
    private static async Task PingWindowsAsync(MassagerApp app, ManualTimeProvider pings, int windows)
    {
        for (var w = 0; w < windows; w++)
        {
            pings.Advance(TimeSpan.FromSeconds(1));
            await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        }
    }
}
