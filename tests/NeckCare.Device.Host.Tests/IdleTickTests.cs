using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Serial;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// While nothing runs, the loop ticks at the idle period (it wakes a small board less); a session
/// brings back the session tick at once, and the device is still fed often enough at rest.
/// </summary>
public class IdleTickTests
{
    private static readonly TimeSpan IdleTick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SessionTick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task The_loop_ticks_at_the_idle_period_while_quiet_and_at_the_session_period_from_the_moment_a_session_starts()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        Assert.Equal(IdleTick, app.Controller.Period);
        var before = app.Controller.TicksRun;
        await app.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(10, app.Controller.TicksRun - before);

        (await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5}"""))).EnsureSuccessStatusCode();
        Assert.Equal(SessionTick, app.Controller.Period); // set by the command itself, not by a later tick
        before = app.Controller.TicksRun;
        await app.AdvanceAsync(SessionTick);
        Assert.Equal(1, app.Controller.TicksRun - before); // the first session tick one session tick after the start
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(11, app.Controller.TicksRun - before);
        Assert.True(app.Controller.Status.Outputs.MotorSpeed > 0);

        (await client.PostAsync("/api/v1/session/stop", null)).EnsureSuccessStatusCode();
        Assert.Equal(SessionState.Idle, app.Controller.Status.State);
        Assert.Equal(IdleTick, app.Controller.Period);
    }

    [Fact]
    public async Task The_first_tick_comes_one_session_tick_after_start_so_health_does_not_wait_for_an_idle_tick()
    {
        await using var app = new MassagerApp();
        var client = app.CreateClient();
        _ = app.Controller;

        await app.AdvanceAsync(SessionTick);

        Assert.Equal(1, app.Controller.TicksRun);
        Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);
        Assert.Equal(IdleTick, app.Controller.Period); // and quiet from then on
    }

    [Fact]
    public async Task At_rest_the_device_hears_from_the_controller_often_enough_that_its_watchdog_never_expires()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        var link = Assert.IsType<SerialMassager>(app.Services.GetRequiredService<IMassagerDevice>());

        await app.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, link.Statistics.LinkLosses);
        Assert.Equal(SessionState.Idle, app.Controller.Status.State);
        Assert.Null(app.Controller.Status.Fault);
        Assert.True(app.Device.Handshaken);
    }
}
