using System.Net;
using System.Net.Http.Headers;
using NeckCare.Device.Host.Access;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Host.Tests;

/// <summary>The lockout's edges (issue 20, items 4 and 8): no oracle through the Stop, no clock that moves it.</summary>
public class LockoutEdgeTests
{
    /// <summary>A running session, and this client address locked out by five wrong guesses; returns the right client and the guesser.</summary>
    internal static async Task<(HttpClient Client, HttpClient Guesser)> LockedOutMidSessionAsync(MassagerApp app)
    {
        var client = await app.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/start", null)).StatusCode);
        var guesser = app.CreateAnonymousClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess-guess-guess-guess");
        for (var i = 0; i < 5; i++)
        {
            await guesser.GetAsync("/api/v1/status");
        }

        return (client, guesser);
    }

    [Fact]
    public async Task Wrong_tokens_sent_to_stop_during_a_lockout_are_counted_and_lengthen_it_and_a_right_stop_does_not_lift_it()
    {
        await using var app = new MassagerApp();
        var (client, guesser) = await LockedOutMidSessionAsync(app);

        Assert.Equal(TimeSpan.FromSeconds(30), (await client.GetAsync("/api/v1/status")).Headers.RetryAfter?.Delta);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsync("/api/v1/session/stop", null)).StatusCode);
        }

        // Five more wrong guesses through the Stop: the second lockout, twice as long, from now.
        Assert.Equal(TimeSpan.FromMinutes(1), (await client.GetAsync("/api/v1/status")).Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/stop", null)).StatusCode);
        Assert.Equal("Idle", app.Controller.Status.State.ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/status")).StatusCode);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public void A_wall_clock_jump_of_hours_neither_lengthens_nor_ends_a_lockout(int hours)
    {
        var time = new ManualTimeProvider();
        var failures = new FailedAttempts(5, time);
        for (var i = 0; i < 5; i++)
        {
            failures.Failed("phone");
        }

        time.Advance(TimeSpan.FromSeconds(10));
        time.JumpWallClock(TimeSpan.FromHours(hours));

        Assert.Equal(TimeSpan.FromSeconds(20), failures.LockedFor("phone"));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(failures.LockedFor("phone"));
    }

    [Theory]
    [InlineData("test-token-0123456789abcdef")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("correct-horse-battery-staple")]
    [InlineData("Password1Password1Password1")]
    public void A_token_set_by_hand_that_is_short_or_patterned_scores_under_128_bits(string token) =>
        Assert.True(ApiCredential.EstimatedBits(token) < ApiCredential.MinimumBits, $"{ApiCredential.EstimatedBits(token):0} bits");

    [Fact]
    public void Generated_tokens_and_openssl_rand_base64_32_score_at_least_128_bits()
    {
        for (var i = 0; i < 1000; i++)
        {
            var generated = ApiCredential.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var openssl = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            Assert.True(ApiCredential.EstimatedBits(generated) >= ApiCredential.MinimumBits, generated);
            Assert.True(ApiCredential.EstimatedBits(openssl) >= ApiCredential.MinimumBits, openssl);
        }
    }
}
