using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

public class AutoTuneApiTests
{
    [Fact]
    public async Task An_auto_tune_started_through_the_api_completes_and_saves_gains_the_integrator_can_keep()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", new StringContent("""{"durationMinutes":15,"heat":"High"}""", Encoding.UTF8, "application/json"));

        var start = await client.PostAsync("/api/v1/heat/autotune", null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        for (var i = 0; i < 60 && app.Controller.Status.AutoTune.State != AutoTuneState.Completed; i++)
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        }

        await app.Services.GetRequiredService<TunedGainsStore>().LastSave; // written off the control loop

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(app.TunedGainsPath)).RootElement.GetProperty("Heat");
        var status = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status")).RootElement.GetProperty("autoTune");
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal(Math.Round(status.GetProperty("kp").GetDouble(), 4), saved.GetProperty("Kp").GetDouble());
        File.Delete(app.TunedGainsPath);
    }

    [Fact]
    public async Task Auto_tune_without_a_heated_session_is_refused_with_409()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/heat/autotune", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
