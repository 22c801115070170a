using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Host.Simulator;
using NeckCare.Device.Simulator.Physics;

using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>The simulator panel's API: faults, the device's button and the speed of time, in simulator mode only.</summary>
public class SimulatorApiTests
{
    [Fact]
    public async Task A_fault_injected_through_the_api_reaches_the_simulated_device_and_the_session_and_clears_the_same_way()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"heat":"High"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        var injected = await Json(await client.PostAsync("/api/v1/simulator/faults/sensoropen", null));
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(["SensorOpen"], injected.GetProperty("active").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("SensorOpen", app.Controller.Status.Fault?.Code.ToString());
        var cleared = await Json(await client.DeleteAsync("/api/v1/simulator/faults/SensorOpen"));
        Assert.Empty(cleared.GetProperty("active").EnumerateArray());
        Assert.Equal(SimulatedFault.None, app.Device.Physics.Faults);
    }

    [Fact]
    public async Task An_unknown_fault_is_refused_naming_every_fault_there_is()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/simulator/faults/gremlins", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("fault", problem.GetProperty("field").GetString());
        Assert.Contains("HeaterStuckOn", problem.GetProperty("allowedRange").GetString(), StringComparison.Ordinal);
        Assert.Equal(SimulatedFault.None, app.Device.Physics.Faults);
    }

    [Fact]
    public async Task Pressing_the_devices_own_button_stops_the_session_and_the_history_and_status_say_so()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));

        await client.PostAsync("/api/v1/simulator/stop-button", null);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(500));

        Assert.Equal("Idle", app.Controller.Status.State.ToString());
        var status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/status")).RootElement;
        Assert.Equal("StoppedAtMassager", status.GetProperty("lastEnding").GetString());
        await app.Services.GetRequiredService<NeckCare.Device.Host.History.HistoryService>().CommitAsync(CancellationToken.None);
        var history = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/history")).RootElement;
        Assert.Equal("StoppedAtMassager", history.GetProperty("items")[0].GetProperty("ended").GetString());
    }

    [Theory]
    [InlineData("60", HttpStatusCode.OK, 60.0)]
    [InlineData("1", HttpStatusCode.OK, 1.0)]
    [InlineData("0.5", HttpStatusCode.UnprocessableEntity, 1.0)]
    [InlineData("121", HttpStatusCode.UnprocessableEntity, 1.0)]
    [InlineData("null", HttpStatusCode.UnprocessableEntity, 1.0)]
    public async Task The_speed_of_time_changes_within_1_to_120_and_nothing_else_is_accepted(string scale, HttpStatusCode expected, double after)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PutAsync("/api/v1/simulator/time-scale", Body($$"""{"scale":{{scale}}}"""));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(after, app.Services.GetRequiredService<SimulationSpeed>().Scale);
    }

    [Fact]
    public async Task With_real_hardware_there_is_no_simulator_api()
    {
        await using var app = new MassagerApp(new() { ["Hardware:Backend"] = "Serial" });
        var client = await app.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/simulator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/simulator/faults/MotorJam", null)).StatusCode);
    }
}
