using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// A full card is loud and harmless (issue 20, item 7): the real service on a 2 MB tmpfs as its state
/// directory, the disk then filled. The massage goes on, the status carries a notice, what cannot be
/// saved is answered 507 with nothing changed, and when space returns the kept records are written and
/// the notice goes. Needs root for the mount, as CI has.
/// </summary>
public sealed class FullDiskTests : IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("neckcare-tmpfs-").FullName;

    public async Task InitializeAsync()
    {
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mount);
        Assert.True(code == 0, $"mounting a tmpfs needs root (CI runs as root): {output}");
    }

    public async Task DisposeAsync()
    {
        await RunAsync("umount", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    internal static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = await p.StandardError.ReadToEndAsync() + await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>
    /// The status once the full-disk notice is shown (or gone): waits for the stream's status or notices
    /// event that says so (the owner loop posts it at its next tick), then reads the status.
    /// </summary>
    private static async Task<JsonElement> NoticeAsync(HttpClient client, bool shown)
    {
        static bool Has(JsonElement notices) => notices.EnumerateArray().Any(n => n.GetString()!.Contains("disk is full", StringComparison.Ordinal));
        await EventReader.UntilAsync(client, (type, data) => type switch
        {
            "status" or "notices" => Has(data.GetProperty("notices")) == shown,
            _ => false,
        }, shown ? "the full-disk notice is shown" : "the full-disk notice is gone");
        return await JsonOf(await client.GetAsync("/api/v1/status"));
    }

    private void Fill()
    {
        // Until the disk says no: whatever SQLite or a settings file asks for next cannot be had.
        using var filler = new FileStream(Path.Combine(_mount, "filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    [Fact]
    public async Task On_a_full_disk_sessions_go_on_a_notice_says_so_saves_answer_507_changing_nothing_and_writing_resumes_when_space_returns()
    {
        await using var service = await ServiceUnderTest.StartAsync($"--Storage:StateDirectory={_mount}", "--Simulator:TimeScale=60");
        using var client = service.Client();
        var limitsBefore = await client.GetStringAsync("/api/v1/limits");
        Fill();

        (await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5}"""))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/session/stop", null)).EnsureSuccessStatusCode();
        var status = await NoticeAsync(client, shown: true);
        Assert.Equal("Idle", status.GetProperty("state").GetString());
        var health = await JsonOf(await client.GetAsync("/api/v1/diagnostics/history"));
        Assert.True(health.GetProperty("kept").GetInt32() >= 1);

        var limits = await client.PutAsync("/api/v1/limits", Body("""{"maxLevel":2}"""));
        Assert.Equal(HttpStatusCode.InsufficientStorage, limits.StatusCode);
        Assert.Equal("storage-full", (await JsonOf(limits)).GetProperty("code").GetString());
        Assert.Equal(limitsBefore, await client.GetStringAsync("/api/v1/limits"));
        using var browser = new HttpClient { BaseAddress = service.Address };
        var pair = await browser.PostAsync("/api/v1/pair", Body($$"""{"secret":"{{ServiceUnderTest.Token}}"}"""));
        Assert.Equal(HttpStatusCode.InsufficientStorage, pair.StatusCode);
        Assert.Equal(0, (await JsonOf(await client.GetAsync("/api/v1/pairings"))).GetProperty("count").GetInt32());

        File.Delete(Path.Combine(_mount, "filler"));
        (await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5}"""))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/session/stop", null)).EnsureSuccessStatusCode();

        var history = await JsonOf(await client.GetAsync("/api/v1/history"));
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.All(history.GetProperty("items").EnumerateArray(), s => Assert.Equal("Stopped", s.GetProperty("ended").GetString()));
        await NoticeAsync(client, shown: false);
    }
}
