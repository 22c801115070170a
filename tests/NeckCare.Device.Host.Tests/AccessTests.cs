using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NeckCare.Device.Host.Access;

using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>The API's lock: nobody without the credential changes anything, whatever they send.</summary>
public class AccessTests
{
    /// <summary>The controller runs on Linux; elsewhere there is no owner-only mode to check.</summary>
    private static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path);

    public static TheoryData<string, string> EveryApiCall() => new()
    {
        { "GET", "/api/v1/status" },
        { "GET", "/api/v1/events" },
        { "POST", "/api/v1/session/start" },
        { "POST", "/api/v1/session/stop" },
        { "POST", "/api/v1/session/intensity/raise" },
        { "POST", "/api/v1/session/intensity/lower" },
        { "PUT", "/api/v1/session/intensity" },
        { "POST", "/api/v1/session/ease-off" },
        { "DELETE", "/api/v1/session/intensity/ceiling" },
        { "PUT", "/api/v1/session/heat" },
        { "POST", "/api/v1/session/pause" },
        { "POST", "/api/v1/session/resume" },
        { "POST", "/api/v1/session/extend" },
        { "POST", "/api/v1/heat/autotune" },
        { "DELETE", "/api/v1/heat/autotune" },
        { "POST", "/api/v1/faults/acknowledge" },
        { "GET", "/api/v1/pairings" },
        { "DELETE", "/api/v1/pairings" },
        { "DELETE", "/api/v1/pairing" },
        { "GET", "/api/v1/no-such-thing" },
        { "GET", "/api/v1/diagnostics/ticks" },
        { "GET", "/api/v1/simulator" },
        { "PUT", "/api/v1/simulator/time-scale" },
        { "POST", "/api/v1/simulator/faults/HeaterStuckOn" },
        { "DELETE", "/api/v1/simulator/faults/HeaterStuckOn" },
        { "POST", "/api/v1/simulator/stop-button" },
    };

    [Theory]
    [MemberData(nameof(EveryApiCall))]
    public async Task Every_api_call_without_a_credential_is_refused_with_401_and_changes_nothing(string method, string path)
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var anonymous = app.CreateAnonymousClient();

        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "GET" or "DELETE" ? null : Body("""{"heat":"High","level":5,"minutes":5}"""),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await Json(response)).GetProperty("code").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task Health_stays_open_for_the_service_manager()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var response = await app.CreateAnonymousClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_body_less_cross_site_post_a_web_page_could_send_starts_nothing()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var page = app.CreateAnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session/start") { Content = new StringContent("", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await page.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task A_command_from_another_sites_page_is_refused_even_when_the_browser_holds_a_pairing()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session/start") { Content = Body("{}") };
        request.Headers.Add("Origin", "http://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site", (await Json(response)).GetProperty("code").GetString());
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task A_command_from_the_controllers_own_page_is_accepted()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session/start") { Content = Body("{}") };
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_naming_a_foreign_host_is_refused()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session/start") { Content = Body("{}") };
        request.Headers.Host = "rebound.evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Idle", await State(client));
    }

    [Fact]
    public async Task Wrong_tokens_lock_the_client_out_with_a_lockout_that_doubles()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var guesser = app.CreateAnonymousClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess-guess-guess-guess");

        for (var i = 0; i < 4; i++)
        {
            var wrong = await guesser.GetAsync("/api/v1/status");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("bad-credential", (await Json(wrong)).GetProperty("code").GetString());
        }

        Assert.Contains("must wait 30 s", (await Json(await guesser.GetAsync("/api/v1/status"))).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var locked = await client.GetAsync("/api/v1/status"); // the same client address, now with the right token
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("locked-out", (await Json(locked)).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(30), locked.Headers.RetryAfter?.Delta);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/status")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await guesser.GetAsync("/api/v1/status");
        }

        Assert.Equal(TimeSpan.FromSeconds(30), (await client.GetAsync("/api/v1/status")).Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_locked_out_client_with_the_right_token_can_still_stop_the_massage()
    {
        await using var app = new MassagerApp();
        var (client, guesser) = await LockoutEdgeTests.LockedOutMidSessionAsync(app);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/v1/session/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsync("/api/v1/session/stop", null)).StatusCode);

        var stopped = await client.PostAsync("/api/v1/session/stop", null);

        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal("Idle", app.Controller.Status.State.ToString());
    }

    [Fact]
    public async Task A_second_lockout_in_a_row_lasts_twice_as_long()
    {
        var time = new ManualTimeProvider();
        var failures = new FailedAttempts(5, time);
        for (var i = 0; i < 5; i++)
        {
            failures.Failed("phone");
        }

        Assert.Equal(TimeSpan.FromSeconds(30), failures.LockedFor("phone"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(failures.LockedFor("phone"));
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(failures.Failed("phone"));
        }

        Assert.Equal(TimeSpan.FromMinutes(1), failures.Failed("phone"));
        Assert.Null(failures.LockedFor("laptop"));
    }

    [Fact]
    public void The_lockout_never_grows_past_fifteen_minutes_and_a_right_credential_clears_the_count()
    {
        var time = new ManualTimeProvider();
        var failures = new FailedAttempts(3, time);
        TimeSpan? last = null;
        for (var lockout = 0; lockout < 12; lockout++)
        {
            for (var i = 0; i < 3; i++)
            {
                last = failures.Failed("phone") ?? last;
            }

            time.Advance(FailedAttempts.LongestLockout);
        }

        Assert.Equal(FailedAttempts.LongestLockout, last);
        failures.Failed("phone");
        failures.Failed("phone");
        failures.Succeeded("phone");
        Assert.Null(failures.Failed("phone"));
    }

    [Fact]
    public async Task A_browser_trades_the_pairing_secret_for_an_http_only_strict_cookie_that_opens_the_api_until_it_is_revoked()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        var browser = app.CreateAnonymousClient();

        var wrong = await browser.PostAsync("/api/v1/pair", Body("""{"secret":"not-the-secret-at-all"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var paired = await browser.PostAsync("/api/v1/pair", Body($$"""{"secret":"{{MassagerApp.Token}}"}"""));

        Assert.Equal(HttpStatusCode.NoContent, paired.StatusCode);
        var setCookie = Assert.Single(paired.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("neckcare-pairing=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        var withCookie = app.CreateAnonymousClient();
        withCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync("/api/v1/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await withCookie.DeleteAsync("/api/v1/pairing")).StatusCode);

        var revoked = await withCookie.GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("not-paired", (await Json(revoked)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Revoking_all_pairings_unpairs_every_browser_and_the_token_keeps_working()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var cookies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var paired = await app.CreateAnonymousClient().PostAsync("/api/v1/pair", Body($$"""{"secret":"{{MassagerApp.Token}}"}"""));
            cookies.Add(paired.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        }

        var revoked = await client.DeleteAsync("/api/v1/pairings");

        Assert.Equal(2, (await Json(revoked)).GetProperty("count").GetInt32());
        foreach (var cookie in cookies)
        {
            var browser = app.CreateAnonymousClient();
            browser.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/status")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/status")).StatusCode);
    }

    [Fact]
    public void Pairings_are_kept_across_restarts_as_hashes_only_in_an_owner_only_file()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-pairings-").FullName;
        try
        {
            var cookie = Pairings.Load(dir, TimeProvider.System).Pair("phone", DateTimeOffset.UnixEpoch);

            var reloaded = Pairings.Load(dir, TimeProvider.System);

            Assert.True(reloaded.IsPaired(cookie));
            Assert.False(reloaded.IsPaired(cookie + "x"));
            var file = Path.Combine(dir, Pairings.FileName);
            Assert.DoesNotContain(cookie, File.ReadAllText(file), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, ModeOf(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_pairings_file_is_set_aside_with_a_notice_and_nobody_is_paired()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-pairings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, Pairings.FileName), "{ not json");

            var pairings = Pairings.Load(dir, TimeProvider.System);

            Assert.Equal(0, pairings.Count);
            Assert.Contains("set aside", pairings.Notice, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(dir, Pairings.FileName + ".damaged-*"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_configured_token_one_is_generated_once_kept_owner_only_and_used_from_then_on()
    {
        await using var app = new MassagerApp(new() { ["Api:Token"] = null });
        await app.StartAsync();
        var file = Path.Combine(app.StateDirectory, ApiCredential.FileName);
        var token = File.ReadAllText(file).Trim();

        Assert.True(ApiCredential.IsWellFormed(token));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, ModeOf(file));
        var withToken = app.CreateAnonymousClient();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/v1/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/status")).StatusCode); // the test token is not it

        var again = ApiCredential.Load(null, app.StateDirectory, TimeProvider.System);
        Assert.False(again.Generated);
        Assert.True(again.Matches(token));
    }

    [Fact]
    public void A_damaged_token_file_is_set_aside_and_a_new_token_generated_with_a_notice()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-token-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, ApiCredential.FileName), "short\n");

            var credential = ApiCredential.Load(null, dir, TimeProvider.System);

            Assert.True(credential.Generated);
            Assert.False(credential.Matches("short"));
            Assert.Contains("set aside", credential.Notice, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Commands_past_the_per_client_rate_are_refused_with_429_but_stop_always_acts()
    {
        await using var app = new MassagerApp(new() { ["Api:CommandsPerTenSeconds"] = "10" });
        var client = await app.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/start", Body("{}"))).StatusCode);

        // 30 more in a row: even if a 10 s window rolled over twice meanwhile, some are refused.
        var refused = 0;
        for (var i = 0; i < 30; i++)
        {
            var response = await client.PostAsync("/api/v1/session/intensity/lower", null);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused++;
                Assert.Equal("too-many-requests", (await Json(response)).GetProperty("code").GetString());
            }
        }

        Assert.True(refused > 0);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/stop", null)).StatusCode);
        }
    }

    [Fact]
    public async Task A_clients_window_holds_exactly_its_commands_and_reopens_ten_seconds_after_it_began()
    {
        await using var app = new MassagerApp(new() { ["Api:CommandsPerTenSeconds"] = "10" });
        var client = await app.StartAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/v1/session/intensity/lower", null)).StatusCode);
        }

        var refused = await client.PostAsync("/api/v1/session/intensity/lower", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(4));
        var later = await client.PostAsync("/api/v1/session/intensity/lower", null);
        var stop = await client.PostAsync("/api/v1/session/stop", null);
        await app.AdvanceAsync(TimeSpan.FromSeconds(6));
        var reopened = await client.PostAsync("/api/v1/session/intensity/lower", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(10, (await Json(refused)).GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(6), later.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, reopened.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_declares_both_credentials_and_every_api_operation_but_pairing_needs_one()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var doc = await Json(await client.GetAsync("/openapi/v1.json"));

        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("pairingCookie").GetProperty("in").GetString());
        foreach (var path in doc.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() == 2;
                Assert.True(secured == (path.Name != "/api/v1/pair"), $"{operation.Name} {path.Name}");
            }
        }
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://neckcare.local:5080", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddressValidator.IsLoopback(url));

    [Fact]
    public void The_pairing_link_carries_the_secret_after_the_hash_so_it_never_reaches_a_server_log() =>
        Assert.Equal("http://127.0.0.1:5080/#pair=a%2Bb", PairingLink.For("http://127.0.0.1:5080/", "a+b"));

    [Fact]
    public async Task Revoking_pairings_ends_open_streams_and_a_revoked_browser_cannot_open_another()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var paired = await app.CreateAnonymousClient().PostAsync("/api/v1/pair", Body($$"""{"secret":"{{MassagerApp.Token}}"}"""));
        var browser = app.CreateAnonymousClient();
        browser.DefaultRequestHeaders.Add("Cookie", paired.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        var stream = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only a hang reaches it
        while (await lines.ReadLineAsync(hang.Token) is { } line && !line.StartsWith("event: status", StringComparison.Ordinal))
        {
        }

        await client.DeleteAsync("/api/v1/pairings");

        string? last = null;
        while (await lines.ReadLineAsync(hang.Token) is { } line)
        {
            last = line.Length > 0 ? line : last;
        }

        Assert.Equal(": ended by the controller; reconnect", last);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/events")).StatusCode);
    }
}
