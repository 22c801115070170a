using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Simulator.Physics;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// What the service tells systemd, through Hosting.Systemd's notifier (mocked here: it is the boundary).
/// <see cref="SystemdProcessTests"/> runs the shipped service against a real datagram socket.
/// </summary>
public sealed class SystemdNoticesTests
{
    private readonly List<string> _sent = [];

    private SystemdNotices Notices(ManualTimeProvider time, TimeSpan? watchdog, bool enabled = true)
    {
        var notifier = new Mock<ISystemdNotifier>();
        notifier.SetupGet(n => n.IsEnabled).Returns(enabled);
        notifier.Setup(n => n.Notify(It.IsAny<ServiceState>())).Callback<ServiceState>(s =>
        {
            lock (_sent)
            {
                _sent.Add(s.ToString());
            }
        });
        return new SystemdNotices(notifier.Object, watchdog, time, NullLogger<SystemdNotices>.Instance);
    }

    private List<string> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    [Fact]
    public void Ready_goes_out_once_the_host_has_started_and_the_loop_has_ticked_whichever_comes_second()
    {
        var time = new ManualTimeProvider();
        var loopFirst = Notices(time, null);
        loopFirst.LoopRan(freshReading: true, outputsOff: true);
        Assert.Empty(Sent());
        loopFirst.HostStarted();
        loopFirst.LoopRan(freshReading: true, outputsOff: true);
        Assert.Single(Sent(), m => m.StartsWith("READY=1\n", StringComparison.Ordinal));

        _sent.Clear();
        var hostFirst = Notices(time, null);
        hostFirst.HostStarted();
        Assert.Empty(Sent());
        hostFirst.LoopRan(freshReading: false, outputsOff: true);
        Assert.Single(Sent(), m => m.StartsWith("READY=1\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Stopping_is_sent_as_systemd_reads_it()
    {
        Notices(new ManualTimeProvider(), null).Stopping();

        Assert.StartsWith("STOPPING=1\n", Assert.Single(Sent()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tick_on_a_fresh_reading_pings_the_watchdog_at_most_every_third_of_its_time()
    {
        var time = new ManualTimeProvider();
        var notices = Notices(time, TimeSpan.FromSeconds(3));

        for (var i = 0; i < 30; i++) // 3 s of ticks at 10 Hz
        {
            notices.LoopRan(freshReading: true, outputsOff: false);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, Sent().Count(m => m == "WATCHDOG=1"));
    }

    [Fact]
    public void A_loop_driving_outputs_on_stale_readings_stops_proving_itself()
    {
        var time = new ManualTimeProvider();
        var notices = Notices(time, TimeSpan.FromSeconds(3));

        for (var i = 0; i < 50; i++)
        {
            notices.LoopRan(freshReading: false, outputsOff: false);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.DoesNotContain("WATCHDOG=1", Sent());
    }

    [Fact]
    public void A_loop_with_everything_off_keeps_pinging_without_a_device()
    {
        var notices = Notices(new ManualTimeProvider(), TimeSpan.FromSeconds(3));

        notices.LoopRan(freshReading: false, outputsOff: true);

        Assert.Equal(["WATCHDOG=1"], Sent());
    }

    [Fact]
    public void Without_a_watchdog_or_a_socket_nothing_is_sent_and_nothing_fails()
    {
        var time = new ManualTimeProvider();
        Notices(time, null).LoopRan(true, true);
        Assert.DoesNotContain("WATCHDOG=1", Sent());

        var disabled = Notices(time, TimeSpan.FromSeconds(1), enabled: false);
        disabled.HostStarted();
        disabled.LoopRan(true, true);
        disabled.Stopping();
        Assert.False(disabled.Enabled);
        Assert.DoesNotContain(Sent(), m => m == "STOPPING=1" || m.StartsWith("STOPPING", StringComparison.Ordinal));
    }

    [Fact]
    public void A_socket_that_went_away_is_logged_once_and_never_thrown()
    {
        var notifier = new Mock<ISystemdNotifier>();
        notifier.SetupGet(n => n.IsEnabled).Returns(true);
        notifier.Setup(n => n.Notify(It.IsAny<ServiceState>())).Throws(new SocketException((int)SocketError.ConnectionRefused));
        var notices = new SystemdNotices(notifier.Object, TimeSpan.FromSeconds(1), new ManualTimeProvider(), NullLogger<SystemdNotices>.Instance);

        notices.HostStarted();
        notices.LoopRan(true, true);
        notices.Stopping();

        notifier.Verify(n => n.Notify(It.IsAny<ServiceState>()), Times.Exactly(3));
    }

    [Fact]
    public async Task The_service_says_ready_pings_from_its_control_loop_and_stops_pinging_when_the_loop_runs_blind()
    {
        var app = new MassagerApp();
        await using var _ = app;
        var pings = new ManualTimeProvider(); // the notices' own clock, moved by the test apart from the session's
        var counted = Notices(pings, TimeSpan.FromSeconds(3));
        app.ExtraServices = s =>
        {
            s.RemoveAll<SystemdNotices>();
            s.AddSingleton(counted);
        };
        var client = await app.StartAsync();
        Assert.Contains(Sent(), m => m.StartsWith("READY=1", StringComparison.Ordinal));

        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":10,"heat":"High"}"""));
        _sent.Clear();
        await PingWindowsAsync(app, pings, 3);
        Assert.Equal(3, Sent().Count(m => m == "WATCHDOG=1")); // a fresh reading every tick: a ping per window

        // The sensor stops producing samples: the loop still runs, but nothing it commands is based on
        // a fresh reading any more. Until the guard cuts the outputs (SensorStale), no ping goes out.
        app.Device.Inject(SimulatedFault.SensorFrozen);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300)); // a sample already on its way still counts
        _sent.Clear();
        await PingWindowsAsync(app, pings, 1);
        Assert.Equal("WarmingUp", await State(client)); // outputs still on, not yet tripped
        Assert.DoesNotContain("WATCHDOG=1", Sent());
    }

    /// <summary>Runs the loop while the notices' clock moves a whole ping interval (1 s) per control tick batch.</summary>
    private static async Task PingWindowsAsync(MassagerApp app, ManualTimeProvider pings, int windows)
    {
        for (var w = 0; w < windows; w++)
        {
            pings.Advance(TimeSpan.FromSeconds(1));
            await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        }
    }
}
