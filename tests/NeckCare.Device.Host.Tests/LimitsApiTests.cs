using System.Net;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

public class LimitsApiTests
{
    [Fact]
    public async Task Limits_are_kept_across_a_restart_and_a_start_that_names_nothing_uses_the_defaults()
    {
        var state = Directory.CreateTempSubdirectory("neckcare-limits-").FullName; // outlives the first app
        await using (var first = new MassagerApp(new() { ["Storage:StateDirectory"] = state }))
        {
            var client = await first.StartAsync();
            var put = await client.PutAsync("/api/v1/limits", Body("""{"maxLevel":2,"maxHeat":"Low","defaultMinutes":7,"defaultHeat":"Low","guidedRelease":true}"""));
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        await using var second = new MassagerApp(new() { ["Storage:StateDirectory"] = state });
        var again = await second.StartAsync();
        var limits = (await Status(again)).GetProperty("limits");
        Assert.Equal(2, limits.GetProperty("maxLevel").GetInt32());
        Assert.Equal("Low", limits.GetProperty("maxHeat").GetString());

        Assert.True((await again.PostAsync("/api/v1/session/start", null)).IsSuccessStatusCode);

        var status = await Status(again);
        Assert.Equal(420, status.GetProperty("durationSeconds").GetInt32());
        Assert.Equal("Low", status.GetProperty("heat").GetProperty("level").GetString());
        Assert.True(status.GetProperty("guidedRelease").GetProperty("chosen").GetBoolean());
        var high = await again.PutAsync("/api/v1/session/heat", Body("""{"level":"High"}"""));
        Assert.Equal(HttpStatusCode.Conflict, high.StatusCode);
        Assert.Equal("personal-limit", (await Json(high)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"maxLevel":0}""", "maxLevel", "1–10, or null")]
    [InlineData("""{"maxLevel":11}""", "maxLevel", "1–10, or null")]
    [InlineData("""{"defaultMinutes":20}""", "defaultMinutes", "5–15, or null")]
    [InlineData("""{"maxHeat":"Hot"}""", "maxHeat", "Off, Low, High")]
    [InlineData("""{"maxHeat":"Low","defaultHeat":"High"}""", "defaultHeat", "Off up to maxHeat (Low)")]
    public async Task A_bad_limit_is_refused_naming_the_field_and_changes_nothing(string body, string field, string range)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PutAsync("/api/v1/limits", Body(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(range, problem.GetProperty("allowedRange").GetString());
        Assert.Equal(JsonNull, (await Status(client)).GetProperty("limits").GetProperty("maxLevel").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
