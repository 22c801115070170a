using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeckCare.Device.Host.Tests;

/// <summary>Opening the companion page in the shared chromium: the sizes it is tested at, and a paired phone.</summary>
internal static class BrowserPages
{
    /// <summary>The narrowest phone still in use (iPhone SE, first generation).</summary>
    public static readonly ViewportSize SmallPhone = new() { Width = 320, Height = 568 };

    /// <summary>The most common phone width (iPhone 12–15).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <param name="bypassCsp">For a checker injected from outside: the page itself allows only its own scripts.</param>
    public static async Task<IPage> OpenAsync(IBrowser browser, MassagerApp app, string path = "/", ViewportSize? size = null, bool bypassCsp = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress,
            ViewportSize = size ?? Phone,
            ReducedMotion = ReducedMotion.Reduce,
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(BrowserFixture.PatienceMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>A phone that opened the pairing link and read the first-run warnings.</summary>
    public static async Task<IPage> PairedAsync(IBrowser browser, MassagerApp app, ViewportSize? size = null)
    {
        var page = await OpenAsync(browser, app, $"/#pair={MassagerApp.Token}", size);
        await page.ClickAsync("#accept-warnings");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Ready");
        return page;
    }
}
