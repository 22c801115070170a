using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeckCare.Device.Simulator.Physics;

using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

public class ApiTests
{
    [Fact]
    public async Task The_status_of_a_fresh_service_is_idle_with_the_device_capabilities()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var status = await Status(client);

        Assert.Equal("Idle", status.GetProperty("state").GetString());
        Assert.Equal(5, status.GetProperty("maxIntensity").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("intensityCeiling").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("fault").ValueKind);
        Assert.Equal("Off", status.GetProperty("heat").GetProperty("level").GetString());
    }

    [Fact]
    public async Task The_readme_curl_tour_behaves_as_written()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var start = await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":10,"heat":"Low"}"""));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var started = await Json(start);
        Assert.Equal("WarmingUp", started.GetProperty("state").GetString());
        Assert.Equal(1, started.GetProperty("intensity").GetInt32());

        await app.AdvanceAsync(TimeSpan.FromSeconds(15));
        var refused = await client.PostAsync("/api/v1/session/intensity/raise", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await Json(refused);
        Assert.Equal(45, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Contains("45 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("45", refused.Headers.RetryAfter?.ToString());

        await app.AdvanceAsync(TimeSpan.FromSeconds(45.1));
        var raised = await client.PostAsync("/api/v1/session/intensity/raise", null);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(2, (await Json(raised)).GetProperty("intensity").GetInt32());
        Assert.Equal("Massaging", (await Status(client)).GetProperty("state").GetString());

        var stop = await client.PostAsync("/api/v1/session/stop", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("Idle", (await Json(stop)).GetProperty("state").GetString());
        app.Pump(); // the StopAll is on the wire already; deliver it, with no tick in between
        Assert.Equal(0, app.Device.MotorCommand);
        Assert.Equal(0, app.Device.HeaterCommand);
    }

    [Theory]
    [InlineData("/api/v1/session/start", "POST", """{"durationMinutes":50}""", "durationMinutes", "5–15")]
    [InlineData("/api/v1/session/start", "POST", """{"durationMinutes":4}""", "durationMinutes", "5–15")]
    [InlineData("/api/v1/session/start", "POST", """{"heat":"Medium"}""", "heat", "Off, Low, High")]
    [InlineData("/api/v1/session/heat", "PUT", """{"level":"Scorching"}""", "level", "Off, Low, High")]
    [InlineData("/api/v1/session/heat", "PUT", """{}""", "level", "Off, Low, High")]
    public async Task Out_of_range_values_get_422_naming_the_field_and_range_and_change_nothing(
        string path, string method, string json, string field, string range)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var before = (await Status(client)).GetProperty("state").GetString();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(json) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(range, problem.GetProperty("allowedRange").GetString());
        Assert.Equal(before, (await Status(client)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_level_left_out_names_the_levels_the_table_accepts_now_or_says_why_none_is()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var idle = await client.PutAsync("/api/v1/session/intensity", Body("{}"));
        await client.PostAsync("/api/v1/session/start", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        var running = await client.PutAsync("/api/v1/session/intensity", Body("{}"));

        Assert.Equal(HttpStatusCode.Conflict, idle.StatusCode);
        Assert.Equal("no-session", (await Json(idle)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, running.StatusCode);
        Assert.Equal("1–5", (await Json(running)).GetProperty("allowedRange").GetString());
    }

    [Fact]
    public async Task A_level_above_the_device_range_during_a_session_is_422_and_the_level_is_unchanged()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));

        var response = await client.PutAsync("/api/v1/session/intensity", Body("""{"level":9}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("1–5", (await Json(response)).GetProperty("allowedRange").GetString());
        Assert.Equal(1, (await Status(client)).GetProperty("intensity").GetInt32());
    }

    [Fact]
    public async Task Extending_past_fifteen_minutes_is_422_naming_the_minutes_still_allowed()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":12}"""));

        var response = await client.PostAsync("/api/v1/session/extend", Body("""{"minutes":5}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("1–3", (await Json(response)).GetProperty("allowedRange").GetString());
        Assert.Equal(720, (await Status(client)).GetProperty("durationSeconds").GetInt32());
    }

    [Theory]
    [InlineData("""{"durationMinutes":""", "JSON")]
    [InlineData("""{"durationMinutes":"ten"}""", "$.durationMinutes")]
    [InlineData("""not json at all""", "JSON")]
    public async Task Malformed_json_gets_a_400_problem_that_says_what_could_not_be_read(string json, string mentions)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/session/start", Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, (await Json(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Idle", (await Status(client)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_injected_fault_shows_in_the_status_and_can_be_acknowledged_only_once_cleared()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"heat":"High"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        app.Device.Inject(SimulatedFault.SensorOpen);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));

        var status = await Status(client);
        Assert.Equal("Faulted", status.GetProperty("state").GetString());
        Assert.Equal("SensorOpen", status.GetProperty("fault").GetProperty("code").GetString());
        Assert.Equal(0, app.Device.HeaterCommand);
        Assert.Equal(0, app.Device.MotorCommand);

        var early = await client.PostAsync("/api/v1/faults/acknowledge", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("cause-present", (await Json(early)).GetProperty("code").GetString());

        app.Device.Clear(SimulatedFault.SensorOpen);
        await app.AdvanceAsync(TimeSpan.FromSeconds(6)); // 5 s of steady readings after a bad one
        var ack = await client.PostAsync("/api/v1/faults/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("Idle", (await Json(ack)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_of_api_v1()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var doc = await Json(await client.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/v1/status", "/api/v1/session/start", "/api/v1/session/stop", "/api/v1/session/intensity/raise",
            "/api/v1/session/intensity/lower", "/api/v1/session/intensity", "/api/v1/session/ease-off",
            "/api/v1/session/heat", "/api/v1/session/pause", "/api/v1/session/resume", "/api/v1/session/extend",
            "/api/v1/faults/acknowledge", "/healthz",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from OpenAPI");
        }

        var states = doc.GetProperty("components").GetProperty("schemas").GetProperty("SessionState").GetProperty("enum");
        Assert.Contains("WarmingUp", states.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Healthz_answers_healthy_while_the_control_loop_runs()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await Json(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Shutting_the_service_down_mid_session_switches_motor_and_heater_off()
    {
        var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"heat":"High"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        var device = app.Device;
        Assert.True(device.MotorCommand > 0);
        Assert.True(device.HeaterCommand > 0);

        await app.DisposeAsync();
        app.Pump(); // what the host sent on its way out

        Assert.Equal(0, device.MotorCommand);
        Assert.Equal(0, device.HeaterCommand);
    }
}
