using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Tests;

/// <summary>The owner loop processes a lost link in the tick that sees it, before any reconnect attempt.</summary>
public class LinkLossTests
{
    [Fact]
    public async Task A_device_that_goes_silent_mid_session_is_reported_within_750_ms_plus_one_tick_by_the_running_service()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        app.Device.Stalled = true;
        var stalledAt = app.Time.GetTimestamp();
        await app.AdvanceUntilAsync(() => app.Controller.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(2));
        var took = app.Time.GetElapsedTime(stalledAt);

        Assert.InRange(took, TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(850));
        Assert.Equal(FaultCode.LinkLost, app.Controller.Status.Fault?.Code);
        Assert.Equal(0, app.Device.MotorCommand);
    }
}
