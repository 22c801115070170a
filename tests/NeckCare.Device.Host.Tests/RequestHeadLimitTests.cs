using System.Net;
using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// An oversized request target or header block is answered by the API with a problem and a code, not
/// by Kestrel's bare status (issue 20, item 11). The real server is needed: an in-process test server
/// has no request-line or header limits of its own.
/// </summary>
public sealed class RequestHeadLimitTests
{
    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Oversized_targets_and_headers_get_problems_with_codes_and_the_limit()
    {
        await using var service = await ServiceUnderTest.StartAsync();

        using (var http = service.Client())
        {
            var response = await http.GetAsync("/api/v1/status?pad=" + new string('a', 9000));
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
            var problem = await ProblemOf(response);
            Assert.Equal("uri-too-long", problem.GetProperty("code").GetString());
            Assert.Equal("0–8192", problem.GetProperty("allowedRange").GetString());
        }

        using (var http = service.Client())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
            request.Headers.Add("X-Padding", new string('b', 40 * 1024));
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
            Assert.Equal("headers-too-large", (await ProblemOf(response)).GetProperty("code").GetString());
        }

        using (var http = service.Client())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
            for (var i = 0; i < 120; i++)
            {
                request.Headers.Add($"X-Padding-{i}", "b");
            }

            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
            var problem = await ProblemOf(response);
            Assert.Equal("headers-too-large", problem.GetProperty("code").GetString());
            Assert.Equal("headers", problem.GetProperty("field").GetString());
        }

        using (var http = service.Client())
        {
            // Just inside every limit: answered as usual.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/status?pad=" + new string('a', 8000))).StatusCode);
        }
    }

    [Theory]
    [InlineData(408, "request-timeout")]
    [InlineData(414, "uri-too-long")]
    [InlineData(431, "headers-too-large")]
    public void A_body_that_stalls_or_a_head_that_is_too_large_has_a_code_of_its_own(int status, string code) =>
        Assert.Equal(code, NeckCare.Device.Host.Api.ProblemCodes.For(status).Code);
}
