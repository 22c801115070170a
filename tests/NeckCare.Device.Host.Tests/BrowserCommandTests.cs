using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The page offers what the controller's table allows and explains what it refuses, from the status's
/// <c>commands</c> (issue 22, item 3): every case here is one where the page's own rules once disagreed
/// with the table.
/// </summary>
[Collection(SharedBrowser.Name)]
public class BrowserCommandTests(BrowserFixture fixture)
{
    static BrowserCommandTests() => SetDefaultExpectTimeout(BrowserFixture.PatienceMs);

    private static async Task SetLimitsAsync(HttpClient client, object limits) =>
        (await client.PutAsync("/api/v1/limits", ApiCalls.Body(JsonSerializer.Serialize(limits)))).EnsureSuccessStatusCode();

    private static async Task<IPage> MassagingAsync(IPage page, MassagerApp app)
    {
        await page.ClickAsync("#start button[type=submit]");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up"); // the command landed before time moves
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        await Expect(page.Locator("#state")).ToHaveTextAsync("Massaging");
        return page;
    }

    [Fact]
    public async Task With_a_personal_limit_of_3_raise_is_disabled_at_3_and_the_page_says_why()
    {
        await using var app = new MassagerApp(kestrel: true);
        var client = await app.StartAsync();
        await SetLimitsAsync(client, new { maxLevel = 3, maxHeat = "High", defaultHeat = "Off", guidedRelease = false });
        var page = await MassagingAsync(await BrowserPages.PairedAsync(fixture.Browser, app), app);

        for (var level = 2; level <= 3; level++)
        {
            await page.ClickAsync("#raise");
            await Expect(page.Locator("#level")).ToHaveTextAsync($"{level} / 5");
        }

        await Expect(page.Locator("#raise")).ToBeDisabledAsync();
        await Expect(page.Locator("#lock")).ToContainTextAsync("personal limit (3)");
    }

    [Fact]
    public async Task Too_much_works_at_the_lightest_level()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await MassagingAsync(await BrowserPages.PairedAsync(fixture.Browser, app), app);

        await page.ClickAsync("#ease-off");

        await Expect(page.Locator("#ceiling")).ToContainTextAsync("level 1 hurt");
        await Expect(page.Locator("#level")).ToHaveTextAsync("1 / 5");
    }

    [Fact]
    public async Task Heat_can_be_changed_while_paused()
    {
        await using var app = new MassagerApp(kestrel: true);
        await app.StartAsync();
        var page = await MassagingAsync(await BrowserPages.PairedAsync(fixture.Browser, app), app);
        await page.ClickAsync("#pause");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Paused");

        await page.ClickAsync("[data-heat=Low]");

        await Expect(page.Locator("[data-heat=Low]")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal("Low", app.Controller.Status.Heat.Level.ToString());
    }

    [Fact]
    public async Task A_start_from_the_page_uses_the_saved_defaults()
    {
        await using var app = new MassagerApp(kestrel: true);
        var client = await app.StartAsync();
        await SetLimitsAsync(client, new { maxHeat = "High", defaultMinutes = 7, defaultHeat = "Low", guidedRelease = true });
        var page = await BrowserPages.PairedAsync(fixture.Browser, app);

        await page.ClickAsync("#start button[type=submit]");

        await Expect(page.Locator("#state")).ToHaveTextAsync("Warming up");
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/status");
        Assert.Equal(7 * 60, status.GetProperty("durationSeconds").GetInt32());
        Assert.Equal("Low", status.GetProperty("heat").GetProperty("level").GetString());
        Assert.True(status.GetProperty("guidedRelease").GetProperty("chosen").GetBoolean());
    }

    [Fact]
    public async Task The_start_form_offers_only_the_heat_the_personal_limit_allows()
    {
        await using var app = new MassagerApp(kestrel: true);
        var client = await app.StartAsync();
        await SetLimitsAsync(client, new { maxHeat = "Low", defaultHeat = "Off", guidedRelease = false });
        var page = await BrowserPages.PairedAsync(fixture.Browser, app);

        await Expect(page.Locator("[name=start-heat][value=High]")).ToBeDisabledAsync();
        await Expect(page.Locator("[name=start-heat][value=Low]")).ToBeEnabledAsync();
        await Expect(page.Locator("[name=start-heat][value=Off]")).ToBeCheckedAsync();
    }
}
