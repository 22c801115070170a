using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.History;
using NeckCare.Device.Host.History;
using NeckCare.Device.Simulator.Physics;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

public class HistoryApiTests
{
    /// <summary>Until the writer has committed everything queued (the limit only turns a hang into a failure).</summary>
    private static async Task WrittenAsync(MassagerApp app)
    {
        await app.Services.GetRequiredService<HistoryService>().Writer!.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    private static async Task<HttpClient> CompletedSessionAsync(MassagerApp app)
    {
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5,"heat":"Low"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(65));
        await client.PostAsync("/api/v1/session/intensity/raise", null);
        await app.AdvanceAsync(TimeSpan.FromMinutes(4.2));
        Assert.Equal("Idle", await State(client));
        await WrittenAsync(app);
        return client;
    }

    [Fact]
    public async Task A_finished_session_is_served_with_paging_a_date_range_and_a_daily_summary()
    {
        await using var app = new MassagerApp();
        var client = await CompletedSessionAsync(app);

        var page = await Json(await client.GetAsync("/api/v1/history?page=1&pageSize=10"));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var s = page.GetProperty("items")[0];
        Assert.Equal("Completed", s.GetProperty("ended").GetString());
        Assert.Equal(300, s.GetProperty("chosenSeconds").GetInt32());
        Assert.Equal("Low", s.GetProperty("heat").GetString());
        Assert.Equal(2, s.GetProperty("maxLevel").GetInt32());

        var before = await Json(await client.GetAsync("/api/v1/history?to=2025-12-31T00:00:00Z"));
        Assert.Equal(0, before.GetProperty("total").GetInt32());

        var health = await Json(await client.GetAsync("/api/v1/diagnostics/history"));
        Assert.True(health.GetProperty("available").GetBoolean());
        Assert.Equal(0, health.GetProperty("dropped").GetInt64());
        Assert.True(health.GetProperty("written").GetInt64() >= 1);

        var summary = await Json(await client.GetAsync("/api/v1/history/summary?days=7"));
        var days = summary.GetProperty("days");
        Assert.Equal(7, days.GetArrayLength());
        Assert.Equal(1, days[6].GetProperty("sessions").GetInt32());
        Assert.InRange(days[6].GetProperty("minutes").GetDouble(), 5.0, 5.3);
        Assert.Equal(0, days[0].GetProperty("sessions").GetInt32());
        Assert.Equal(1, summary.GetProperty("sessions").GetInt32());
    }

    [Fact]
    public async Task History_exports_as_csv_and_json_and_erasing_it_keeps_the_faults()
    {
        await using var app = new MassagerApp();
        var client = await CompletedSessionAsync(app);

        var csv = await (await client.GetAsync("/api/v1/history/export?format=csv")).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,started_at,ended_at,chosen_seconds,actual_seconds,ended,heat", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",Completed,Low,", lines[1], StringComparison.Ordinal);
        var json = await Json(await client.GetAsync("/api/v1/history/export?format=json"));
        Assert.Equal(1, json.GetArrayLength());

        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5,"heat":"Off"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(5));
        app.Device.Inject(SimulatedFault.MotorJam);
        await app.AdvanceAsync(TimeSpan.FromSeconds(12));
        await WrittenAsync(app);

        var erased = await Json(await client.DeleteAsync("/api/v1/history"));

        Assert.Equal(2, erased.GetProperty("sessions").GetInt32());
        Assert.Equal(0, (await Json(await client.GetAsync("/api/v1/history"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Json(await client.GetAsync("/api/v1/faults"))).GetArrayLength());
    }

    [Fact]
    public async Task A_fault_is_served_with_its_flight_recording_and_who_acknowledged_it()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":15,"heat":"High"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(90));
        app.Device.Inject(SimulatedFault.SensorShorted);
        await app.AdvanceAsync(TimeSpan.FromSeconds(3));
        app.Device.Clear(SimulatedFault.SensorShorted);
        await app.AdvanceAsync(TimeSpan.FromSeconds(6));
        var ack = await client.PostAsync("/api/v1/faults/acknowledge", null);
        Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
        await app.AdvanceAsync(TimeSpan.FromSeconds(3));
        await WrittenAsync(app);

        var list = await Json(await client.GetAsync("/api/v1/faults"));
        var summary = Assert.Single(list.EnumerateArray());
        Assert.Equal("SensorShorted", summary.GetProperty("code").GetString());
        Assert.Equal("token", summary.GetProperty("acknowledgedBy").GetString());
        var id = summary.GetProperty("id").GetInt64();

        var fault = await Json(await client.GetAsync($"/api/v1/faults/{id}"));
        var trace = fault.GetProperty("trace");
        var at = trace.EnumerateArray().Select(t => t.GetProperty("atSeconds").GetDouble()).ToList();
        // 30 s before at the session tick; the 10 s after with outputs off, at the idle tick.
        Assert.InRange(at.Count(a => a < 0), 295, 301);
        Assert.InRange(at.Count(a => a > 0), 18, 22);
        Assert.Equal(44.0, fault.GetProperty("tripC").GetDouble());
        Assert.InRange(at[0], -30, -29.8);
        Assert.InRange(at[^1], 9.5, 10);

        var missing = await client.GetAsync("/api/v1/faults/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no-such-fault", (await Json(missing)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/v1/history?pageSize=1000", "pageSize", "1–100")]
    [InlineData("/api/v1/history?page=0", "page", "1 or more")]
    [InlineData("/api/v1/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to", "after from")]
    [InlineData("/api/v1/history/summary?days=0", "days", "1–366")]
    [InlineData("/api/v1/history/export?format=xml", "format", "csv, json")]
    [InlineData("/api/v1/faults?limit=5000", "limit", "1–1000")]
    public async Task A_bad_query_gets_a_problem_naming_the_field_and_its_range(string url, string field, string range)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(range, problem.GetProperty("allowedRange").GetString());
    }

    [Fact]
    public async Task A_damaged_history_file_is_set_aside_the_service_starts_and_warns_until_acknowledged()
    {
        await using var app = new MassagerApp();
        Directory.CreateDirectory(app.StateDirectory);
        await File.WriteAllTextAsync(Path.Combine(app.StateDirectory, HistoryDatabase.DefaultFileName), "not a database at all");

        var client = await app.StartAsync();

        var notices = (await Status(client)).GetProperty("notices").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(notices, n => n!.StartsWith("The history file was damaged and has been kept as history.db.damaged-", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(app.StateDirectory, "history.db.damaged-*"));
        Assert.Equal("Idle", await State(client)); // massage control does not depend on history

        var ack = await client.PostAsync("/api/v1/history/warning/acknowledge", null);
        Assert.True(ack.IsSuccessStatusCode);
        Assert.Empty((await Status(client)).GetProperty("notices").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/api/v1/history/warning/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task A_second_service_on_the_same_history_stops_with_exit_2_saying_why()
    {
        var state = Directory.CreateTempSubdirectory("neckcare-locked-").FullName;
        try
        {
            using var held = HistoryDatabase.Open(Path.Combine(state, HistoryDatabase.DefaultFileName), TimeProvider.System);
            new HistoryStore(held).SetSetting("held", "yes"); // takes the exclusive lock

            var (exitCode, stderr) = await StartupTests.RunServiceAsync($"--Storage:StateDirectory={state}");

            Assert.Equal(2, exitCode);
            Assert.Contains("History error; the service will not start:", stderr, StringComparison.Ordinal);
            Assert.Contains("in use by another instance", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(state, recursive: true);
        }
    }
}
