using Microsoft.Playwright;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// One headless Debian chromium for the browser tests (Playwright cannot download browsers here; .ci/run
/// installs the chromium package). Each test gets its own contexts, so nothing carries over.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Playwright's waits are for a page to show something, never a timing assertion: this only turns a hang into a failure.</summary>
    public const float PatienceMs = 60_000;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of every main screen go (phone and desktop sizes).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Running as root in a container: chromium's sandbox needs user namespaces it may not have.
            Args = ["--no-sandbox"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
