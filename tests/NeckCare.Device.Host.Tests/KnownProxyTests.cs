using System.Net;
using System.Net.Http.Headers;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Behind a reverse proxy every phone arrives from the proxy's address (issue 20, item 11): with
/// Api:KnownProxies the lockout is each phone's own, and without it X-Forwarded-For is not believed.
/// The forwarded addresses are only header values: no traffic goes to them.
/// </summary>
public sealed class KnownProxyTests
{
    private static HttpRequestMessage Status(string forwardedFor, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task LockOutAsync(HttpClient http, string forwardedFor)
    {
        for (var i = 0; i < 5; i++)
        {
            await http.SendAsync(Status(forwardedFor, "guess-guess-guess-guess"));
        }
    }

    [Fact]
    public async Task With_the_proxy_known_one_phone_guessing_locks_out_that_phone_only()
    {
        await using var service = await ServiceUnderTest.StartAsync("--Api:KnownProxies=127.0.0.1");
        using var http = new HttpClient { BaseAddress = service.Address };

        await LockOutAsync(http, "192.0.2.10");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(Status("192.0.2.10", ServiceUnderTest.Token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Status("192.0.2.11", ServiceUnderTest.Token))).StatusCode);
    }

    [Fact]
    public async Task Without_known_proxies_a_forwarded_address_is_not_believed()
    {
        await using var service = await ServiceUnderTest.StartAsync();
        using var http = new HttpClient { BaseAddress = service.Address };

        await LockOutAsync(http, "192.0.2.10");

        // The guesser claimed another address; it is locked out as what it is.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(Status("192.0.2.11", ServiceUnderTest.Token))).StatusCode);
    }
}
