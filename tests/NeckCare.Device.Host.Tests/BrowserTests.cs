using System.Net;
using Microsoft.Playwright;
using NeckCare.Device.Simulator.Physics;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The companion page in a real headless chromium, against the real host on the simulator. Simulated
/// time moves only when a test advances it, so a warm-up passes in a moment and every run is the same.
/// Screenshots of every main screen, at phone and desktop sizes, go to <see cref="BrowserFixture.Screenshots"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public class BrowserTests(BrowserFixture fixture)
{
    private static readonly ViewportSize SmallPhone = BrowserPages.SmallPhone;
    private static readonly ViewportSize Phone = BrowserPages.Phone;
    private static readonly ViewportSize Desktop = BrowserPages.Desktop;

    static BrowserTests() => SetDefaultExpectTimeout(BrowserFixture.PatienceMs);

    private Task<IPage> OpenAsync(MassagerApp app, string path = "/", ViewportSize? size = null, bool bypassCsp = false) =>
        BrowserPages.OpenAsync(fixture.Browser, app, path, size, bypassCsp);

    private Task<IPage> PairedAsync(MassagerApp app, ViewportSize? size = null) => BrowserPages.PairedAsync(fixture.Browser, app, size);

    /// <summary>
    /// A first visit without the link: the warnings, pairing by pasting the token, then a heated session
    /// started; <paramref name="atScreen"/> runs on each screen (first-run-warnings, pair, ready, warming-up).
    /// </summary>
    private static async Task FirstVisitToWarmUpAsync(IPage page, Func<string, Task> atScreen)
    {
        await Expect(page.Locator("#warnings")).ToBeVisibleAsync();
        await atScreen("first-run-warnings");
        await page.ClickAsync("#accept-warnings");
        await Expect(page.Locator("#pair")).ToBeVisibleAsync();
        await atScreen("pair");
        await page.FillAsync("#pair-secret", MassagerApp.Token);
        await page.ClickAsync("#pair-form button");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
        await atScreen("ready");
        await page.ClickAsync("[name=start-heat][value=High]");
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");
        await atScreen("warming-up");
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var size = page.ViewportSize!.Width switch { < 360 => "small-phone", < 600 => "phone", _ => "desktop" };
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"{name}-{size}.png"), FullPage = true });
    }

    [Fact]
    public async Task Opening_the_pairing_link_shows_the_first_run_warnings_then_the_controls_and_takes_the_secret_out_of_the_address()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await OpenAsync(app, $"/#pair={MassagerApp.Token}");

        await Expect(page.Locator("#warnings")).ToBeVisibleAsync();
        await Expect(page.Locator("#warnings")).ToContainTextAsync("See a doctor instead");
        await Expect(page.Locator("#warnings")).ToContainTextAsync("Do not sleep with the heat on.");
        await ShotAsync(page, "first-run-warnings");
        await page.ClickAsync("#accept-warnings");

        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
        Assert.DoesNotContain(MassagerApp.Token, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await ShotAsync(page, "ready");
    }

    [Fact]
    public async Task A_browser_that_has_not_paired_is_refused_and_asked_for_the_pairing_link()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await OpenAsync(app);
        await page.ClickAsync("#accept-warnings");

        await Expect(page.Locator("#pair")).ToBeVisibleAsync();
        await Expect(page.Locator("#main")).ToBeHiddenAsync();
        await ShotAsync(page, "pair");
        await page.FillAsync("#pair-secret", "not-the-token-at-all-000");
        await page.ClickAsync("#pair-form button");
        await Expect(page.Locator("#pair-error")).ToContainTextAsync("wrong");

        await page.FillAsync("#pair-secret", MassagerApp.Token);
        await page.ClickAsync("#pair-form button");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
    }

    [Fact]
    public async Task A_session_starts_warming_up_with_raising_locked_and_the_seconds_shown_then_raising_works()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await PairedAsync(app);

        await page.SelectOptionAsync("#minutes", "10");
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up"); // the command landed before time moves

        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");
        await Expect(page.Locator("#lock")).ToContainTextAsync("raising unlocks in");
        await Expect(page.Locator("#raise")).ToBeDisabledAsync();
        await Expect(page.Locator("#level")).ToHaveTextAsync("1 / 5");
        await ShotAsync(page, "warming-up");

        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        await Expect(page.Locator("#state")).ToHaveTextAsync("Massaging");
        await page.ClickAsync("#raise");

        await Expect(page.Locator("#level")).ToHaveTextAsync("2 / 5");
        await ShotAsync(page, "massaging");
    }

    [Fact]
    public async Task Too_much_eases_off_two_levels_shows_the_ceiling_and_heat_switches_with_the_pad_temperature()
    {
        await using var app = new MassagerApp(kestrel: true);
        var client = await app.StartAsync();
        var page = await PairedAsync(app);
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up"); // the command landed before time moves
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        for (var level = 2; level <= 4; level++)
        {
            await page.ClickAsync("#raise");
            await Expect(page.Locator("#level")).ToHaveTextAsync($"{level} / 5"); // one at a time: requests may overtake
        }

        await Expect(page.Locator("#level")).ToHaveTextAsync("4 / 5");

        await page.ClickAsync("#ease-off");

        await Expect(page.Locator("#level")).ToHaveTextAsync("2 / 5");
        await Expect(page.Locator("#ceiling")).ToContainTextAsync("level 4 hurt");
        await page.ClickAsync("[data-heat=High]");
        await Expect(page.Locator("[data-heat=High]")).ToHaveAttributeAsync("aria-pressed", "true");
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        await Expect(page.Locator("#temperature")).ToContainTextAsync("target 41 °C");
        await ShotAsync(page, "eased-off-heat");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/status")).StatusCode);
    }

    [Fact]
    public async Task A_fault_injected_from_the_simulator_panel_is_explained_in_plain_words_and_acknowledged_once_its_cause_is_gone()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await PairedAsync(app);
        await page.ClickAsync("[name=start-heat][value=High]");
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up"); // the command landed before time moves
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        // From the simulator panel, as a tester would.
        await page.ClickAsync("#sim summary");
        await page.SelectOptionAsync("#sim-fault", "SensorOpen");
        await ShotAsync(page, "simulator-panel");
        await page.ClickAsync("#sim-inject");
        await Expect(page.Locator("#sim-active")).ToHaveTextAsync("Active: SensorOpen");
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));

        await Expect(page.Locator("#fault")).ToBeVisibleAsync();
        await Expect(page.Locator("#fault-message")).ToContainTextAsync("temperature sensor");
        await ShotAsync(page, "fault");
        await Expect(page.Locator("#ack")).ToBeDisabledAsync();
        await Expect(page.Locator("#ack-why")).ToContainTextAsync("cannot be acknowledged yet");

        await page.ClickAsync("#sim-clear");
        await Expect(page.Locator("#sim-active")).ToHaveTextAsync("No simulated fault.");
        await app.AdvanceAsync(TimeSpan.FromSeconds(6));
        await page.ClickAsync("#ack");

        await Expect(page.Locator("#fault")).ToBeHiddenAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
    }

    [Fact]
    public async Task The_history_charts_minutes_per_day_and_a_fault_record_plots_temperature_and_duty_against_the_trip()
    {
        await using var app = new MassagerApp(kestrel: true);
        var api = await app.StartAsync();
        var page = await PairedAsync(app, new ViewportSize { Width = 390, Height = 844 });
        await api.PostAsync("/api/v1/session/start", ApiCalls.Body("""{"durationMinutes":15,"heat":"High"}"""));
        await app.AdvanceAsync(TimeSpan.FromMinutes(4));
        app.Device.Inject(SimulatedFault.ExternalHeat); // covered, near a heat source: it climbs to the trip
        await app.AdvanceUntilAsync(() => app.Controller.Status.Fault is not null, TimeSpan.FromMinutes(3));
        await app.AdvanceAsync(TimeSpan.FromSeconds(11));
        var writer = app.Services.GetRequiredService<NeckCare.Device.Host.History.HistoryService>().Writer!;
        await writer.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1)); // the limit only turns a hang into a failure

        await page.ClickAsync("#history-panel summary");
        await Expect(page.Locator("#chart-summary")).ToContainTextAsync("1 session,");
        await Expect(page.Locator("#sessions li")).ToContainTextAsync("ended by a fault");
        await ShotAsync(page, "history");

        await page.ClickAsync("#faults-panel summary");
        await page.ClickAsync("#fault-list button");
        await Expect(page.Locator("#fault-figure")).ToBeVisibleAsync();
        await Expect(page.Locator("#fault-caption")).ToContainTextAsync("OverTemperature");
        Assert.Equal(1, await page.Locator("#fault-plot .trip").CountAsync());
        Assert.Equal(1, await page.Locator("#fault-plot .moment").CountAsync());
        await page.Locator("#fault-figure").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "fault-plot");

        await page.ClickAsync("#limits-panel summary");
        // The levels offered are the massager's own, from the status: its maximum and "the massager's highest".
        Assert.Equal(app.Controller.Status.MaxIntensity + 1, await page.Locator("#limit-level option").CountAsync());
        await page.SelectOptionAsync("#limit-level", "3");
        await page.ClickAsync("#limits button[type=submit]");
        await Expect(page.Locator("#limits-saved")).ToContainTextAsync("Saved");
        Assert.Equal(3, app.Controller.Status.Limits.MaxLevel);

        await page.ClickAsync("#erase");
        await page.ClickAsync("#erase-confirm");
        await Expect(page.Locator("#sessions li")).ToHaveTextAsync("No sessions recorded yet.");
    }

    [Fact]
    public async Task A_heater_that_cannot_be_switched_off_fills_the_screen_with_one_instruction_unplug()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await PairedAsync(app);
        await page.ClickAsync("[name=start-heat][value=High]");
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up"); // the command landed before time moves
        await app.AdvanceAsync(TimeSpan.FromSeconds(5));

        app.Device.Inject(SimulatedFault.HeaterStuckOn);
        await app.AdvanceUntilAsync(() => !app.Controller.Status.OutputsUnderControl, TimeSpan.FromMinutes(15));

        await Expect(page.Locator("#unplug")).ToBeVisibleAsync();
        await Expect(page.Locator("#unplug-title")).ToHaveTextAsync("Unplug the massager now");
        await ShotAsync(page, "unplug");
    }

    [Fact]
    public async Task When_the_connection_drops_the_page_says_the_massager_keeps_its_own_limits_and_it_comes_back_by_itself()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await PairedAsync(app);
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");

        // The network goes: the open stream breaks and reconnecting fails until it is back.
        await page.RouteAsync("**/api/v1/events", route => route.AbortAsync());
        app.Services.GetRequiredService<NeckCare.Device.Host.Events.EventHub>().EndAll();

        await Expect(page.Locator("#offline")).ToBeVisibleAsync();
        await Expect(page.Locator("#offline")).ToContainTextAsync("keeps its own limits");
        await ShotAsync(page, "connection-lost");
        await page.UnrouteAsync("**/api/v1/events");

        await Expect(page.Locator("#offline")).ToBeHiddenAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");
    }

    [Fact]
    public async Task Stop_from_a_second_browser_ends_the_session_and_the_first_sees_it()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var watcher = await PairedAsync(app);
        var other = await PairedAsync(app, Desktop);
        await watcher.ClickAsync("#start button[type=submit]");
        await Expect(other.Locator("#state")).ToHaveTextAsync("Warming up");
        await ShotAsync(other, "warming-up");

        await other.ClickAsync("#stop");

        await Expect(watcher.Locator("#state")).ToHaveTextAsync("Ready");
        await Expect(other.Locator("#state")).ToHaveTextAsync("Ready");
        await ShotAsync(other, "ready");
    }

    [Fact]
    public async Task Every_main_screen_passes_an_automated_accessibility_check_with_no_serious_violations()
    {
        var axe = Path.Combine(RepoRoot.Path, "tests", "NeckCare.Device.Host.Tests", "a11y", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"{axe} is missing: run npm ci in its folder (.ci/run does).");
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await OpenAsync(app, bypassCsp: true);
        var findings = new List<string>();

        async Task CheckAsync(string screen)
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
            var violations = await page.EvaluateAsync<System.Text.Json.JsonElement>(
                "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
                ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help)");
            findings.AddRange(violations.EnumerateArray().Select(v => $"{screen}: {v.GetString()}"));
        }

        await FirstVisitToWarmUpAsync(page, CheckAsync);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await CheckAsync("warming-up, dark");
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        app.Device.Inject(SimulatedFault.SensorOpen);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        await Expect(page.Locator("#fault")).ToBeVisibleAsync();
        await CheckAsync("fault, dark");
        await ShotAsync(page, "fault-dark");

        await page.ClickAsync("#history-panel summary");
        await page.ClickAsync("#faults-panel summary");
        await page.ClickAsync("#limits-panel summary");
        await Expect(page.Locator("#chart-summary")).ToContainTextAsync("minutes in the last 14 days");
        await CheckAsync("history, fault records and limits, dark");

        Assert.Empty(findings);
    }

    [Fact]
    public async Task The_whole_page_stays_under_150_KB()
    {
        var root = Path.Combine(RepoRoot.Path, "src", "NeckCare.Device.Host", "wwwroot");

        var bytes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.InRange(bytes, 1, 150 * 1024);
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task Every_main_screen_renders_at_small_phone_phone_and_desktop_widths_tidy_and_with_the_stop_always_in_view(int width)
    {
        var viewport = width switch { 320 => SmallPhone, 390 => Phone, _ => Desktop };
        var size = $"{width} px";
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await OpenAsync(app, "/", viewport);

        async Task ScreenAsync(string name)
        {
            await ShotAsync(page, name);
            await LayoutCheck.AssertTidyAsync(page, name);
            if (await page.Locator("#stop").IsVisibleAsync())
            {
                var stop = await page.Locator("#stop").BoundingBoxAsync();
                Assert.True(stop is not null && stop.Y + stop.Height <= viewport.Height, $"{name}: Stop is not in view at {size} size");
            }
        }

        await FirstVisitToWarmUpAsync(page, ScreenAsync);
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        await Expect(page.Locator("#state")).ToHaveTextAsync("Massaging");
        await page.ClickAsync("#raise");
        await Expect(page.Locator("#level")).ToHaveTextAsync("2 / 5");
        await page.ClickAsync("#raise");
        await Expect(page.Locator("#level")).ToHaveTextAsync("3 / 5");
        await page.ClickAsync("#ease-off");
        await Expect(page.Locator("#ceiling")).ToBeVisibleAsync();
        await ScreenAsync("massaging-eased-off");
        await page.ClickAsync("#pause");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Paused");
        await ScreenAsync("paused");
        await page.ClickAsync("#resume");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Massaging");
        app.Device.Inject(SimulatedFault.MotorJam);
        await app.AdvanceUntilAsync(() => app.Controller.Status.Fault is not null, TimeSpan.FromSeconds(10));
        await Expect(page.Locator("#fault")).ToBeVisibleAsync();
        await ScreenAsync("fault");
        app.Device.Clear(SimulatedFault.MotorJam);
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));
        await page.ClickAsync("#ack");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");
        await app.AdvanceAsync(TimeSpan.FromSeconds(5));
        app.Device.Inject(SimulatedFault.HeaterStuckOn);
        await app.AdvanceUntilAsync(() => !app.Controller.Status.OutputsUnderControl, TimeSpan.FromMinutes(15));
        await Expect(page.Locator("#unplug")).ToBeVisibleAsync();
        await ScreenAsync("unplug");
    }
}
