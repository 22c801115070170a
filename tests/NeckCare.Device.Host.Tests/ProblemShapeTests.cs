using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;

using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>Every answer that is not a success is a problem with a stable code; nothing it refuses changes anything.</summary>
public class ProblemShapeTests
{
    [Theory]
    [InlineData("Off,High")]
    [InlineData("")]
    [InlineData(" Low")]
    [InlineData("High ")]
    [InlineData("2")]
    [InlineData("Medium")]
    public async Task A_heat_level_that_is_not_exactly_one_of_the_three_names_is_refused_and_nothing_starts(string heat)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/session/start", Body(JsonSerializer.Serialize(new { heat })));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("invalid-value", problem.GetProperty("code").GetString());
        Assert.Equal("heat", problem.GetProperty("field").GetString());
        Assert.Equal("Off, Low, High", problem.GetProperty("allowedRange").GetString());
        Assert.Equal("Idle", await State(client));
    }

    [Theory]
    [InlineData("high", "High")]
    [InlineData("LOW", "Low")]
    [InlineData("Off", "Off")]
    public async Task The_three_heat_names_are_accepted_in_any_letter_case(string heat, string level)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/session/start", Body(JsonSerializer.Serialize(new { heat })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(level, (await Json(response)).GetProperty("heat").GetProperty("level").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound, "not-found")]
    [InlineData("DELETE", "/api/v1/status", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    [InlineData("GET", "/api/v1/session/start", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    public async Task Answers_the_framework_gives_are_problems_with_a_code(string method, string path, HttpStatusCode status, string code)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_with_a_code_and_nothing_starts()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/session/start", new StringContent("heat=High", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported-media-type", (await Json(response)).GetProperty("code").GetString());
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_field()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":"ten"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("unreadable-body", problem.GetProperty("code").GetString());
        Assert.Equal("durationMinutes", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_declared_larger_than_4_KB_is_refused_with_413_before_it_is_read()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var padding = new string(' ', 5000);

        var response = await client.PostAsync("/api/v1/session/start", Body($$"""{"heat":"High"}{{padding}}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", (await Json(response)).GetProperty("code").GetString());
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task A_body_of_unknown_length_is_counted_and_refused_once_past_4_KB()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var json = Encoding.UTF8.GetBytes($$"""{"heat":"High"{{new string(' ', 5000)}}}""");
        var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;

        var response = await client.PostAsync("/api/v1/session/start", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task The_openapi_document_declares_every_status_and_an_optional_start_body()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var doc = await Json(await client.GetAsync("/openapi/v1.json"));

        var start = doc.GetProperty("paths").GetProperty("/api/v1/session/start").GetProperty("post");
        var statuses = start.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "400", "409", "413", "415", "422" }, statuses);
        Assert.False(start.GetProperty("requestBody").TryGetProperty("required", out var required) && required.GetBoolean());
        var schema = doc.GetProperty("components").GetProperty("schemas").GetProperty("StartRequest");
        Assert.False(schema.TryGetProperty("required", out _), "no field of the start body is required");
        var stop = doc.GetProperty("paths").GetProperty("/api/v1/session/stop").GetProperty("post");
        Assert.True(stop.GetProperty("responses").TryGetProperty("413", out _));
    }

    [Fact]
    public async Task Kestrel_takes_at_most_4_KB_bodies_short_headers_timeouts_and_leaves_connections_to_the_admission()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.Limits;

        Assert.Equal(4096, limits.MaxRequestBodySize);
        Assert.Null(limits.MaxConcurrentConnections); // Kestrel's cap closes silently; ConnectionAdmission answers 503
        Assert.Equal(TimeSpan.FromSeconds(5), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate?.BytesPerSecond);
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("massager.local", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:5080", HttpStatusCode.OK)]
    public async Task Only_requests_addressed_to_this_machine_by_a_loopback_name_are_served(string host, HttpStatusCode expected)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session/start");
        request.Headers.Host = host;

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? "WarmingUp" : "Idle",
            (await Json(await client.GetAsync("/api/v1/status"))).GetProperty("state").GetString());
    }
}
