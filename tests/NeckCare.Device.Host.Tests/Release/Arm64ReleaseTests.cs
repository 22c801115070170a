using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace NeckCare.Device.Host.Tests.Release;

/// <summary>
/// The arm64 release, end to end, on arm64 code: the archive's own programs under qemu-aarch64-static.
/// Emulation is slow and its speed varies, so nothing here is timed against a deadline: each wait is for
/// an event (a line, a state change), and the limits only turn a hang into a failure. What the device
/// did after the kill is printed with its timings, not asserted against them.
/// </summary>
[Collection(Arm64ReleaseGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Arm64ReleaseTests(Arm64Release release, ITestOutputHelper log) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("neckcare-arm64-state-").FullName;
    private readonly string _config = Directory.CreateTempSubdirectory("neckcare-arm64-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task The_archive_holds_install_sh_at_its_top_the_four_arm64_programs_and_checksums_that_match_and_installs_with_no_network_or_runtime()
    {
        Assert.True(File.Exists(Path.Combine(release.Unpacked, "install.sh")));
        foreach (var program in new[] { "NeckCare.Device.Host", "neckcare", "NeckCare.Device.SimDevice", "neckcare-conformance" })
        {
            var header = new byte[20];
            await using (var file = File.OpenRead(Path.Combine(release.App, program)))
            {
                await file.ReadExactlyAsync(header);
            }

            Assert.Equal(0xB7, header[18]); // ELF e_machine: AArch64
        }

        Assert.False(Directory.EnumerateFiles(release.App, "*.dll", SearchOption.AllDirectories).Any(), "no managed assemblies: Native AOT");
        await Arm64Release.RunAsync("sha256sum", ["--strict", "-c", "SHA256SUMS"], release.Unpacked, TimeSpan.FromMinutes(1));

        var root = Directory.CreateTempSubdirectory("neckcare-arm64-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "usr/lib/systemd/system"));
            File.Copy("/usr/lib/systemd/system/multi-user.target", Path.Combine(root, "usr/lib/systemd/system/multi-user.target"));
            var output = await Arm64Release.RunAsync("unshare", ["--net", "bash", Path.Combine(release.Unpacked, "install.sh"), "--root", root, "--backend", "Serial"],
                release.Unpacked, TimeSpan.FromMinutes(2)); // unshare --net: no network at all
            log.WriteLine(output);
            Assert.True(File.Exists(Path.Combine(root, "opt/neckcare/current/NeckCare.Device.Host")));
            Assert.False(File.Exists(Path.Combine(root, "usr/bin/dotnet")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_arm64_service_on_the_simulator_pairs_runs_a_whole_session_takes_a_stop_and_ends_cleanly_on_SIGTERM()
    {
        await using var service = new EmulatedProgram(release, "NeckCare.Device.Host",
            ["--urls=http://127.0.0.1:0", $"--Storage:StateDirectory={_state}", "--Simulator:TimeScale=30"]);
        var link = (await service.LineAsync(@"(http://127\.0\.0\.1:\d+/#pair=\S+)")).Groups[1].Value;
        await service.LineAsync("Now listening on");

        Assert.Equal(0, await CliAsync("pair", link));
        Assert.Empty(Directory.GetFiles(Path.Combine(_config, "neckcare"), "*.new"));
        Assert.Equal(0, await CliAsync("status"));
        Assert.Equal(0, await CliAsync("start", "--minutes", "5", "--heat", "low"));

        using var client = Client(link);
        await EventReader.UntilAsync(client, (_, d) => State(d) == "Massaging", "massaging after the warm-up");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/intensity/raise", null)).StatusCode);
        await EventReader.UntilAsync(client, (t, d) => t == "state" && State(d) == "Idle" || t == "status" && State(d) == "Idle", "idle after the timer ended the session");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/start", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/stop", null)).StatusCode);
        await EventReader.UntilAsync(client, (_, d) => State(d) is "Idle", "idle after the stop");

        Assert.Equal(0, await service.SignalAsync("TERM"));
        Assert.DoesNotContain("Unhandled exception", service.Output, StringComparison.Ordinal);
        log.WriteLine(service.Output);
    }

    [Fact]
    public async Task The_arm64_service_on_the_serial_backend_killed_mid_session_leaves_the_simulated_devices_outputs_off()
    {
        var link = Path.Combine(_state, "mcu");
        await using var device = new EmulatedProgram(release, "NeckCare.Device.SimDevice", ["--link", link]);
        await device.LineAsync("^Simulated massager on");
        await using var service = new EmulatedProgram(release, "NeckCare.Device.Host",
            ["--urls=http://127.0.0.1:0", $"--Storage:StateDirectory={_state}", "--Hardware:Backend=Serial", $"--Serial:Port={link}"]);
        var pairing = (await service.LineAsync(@"(http://127\.0\.0\.1:\d+/#pair=\S+)")).Groups[1].Value;
        await service.LineAsync("Now listening on");
        using var client = Client(pairing);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/session/start",
            new StringContent("""{"heat":"high"}""", Encoding.UTF8, "application/json"))).StatusCode);
        while (await DeviceAsync(device) is not ( > 0, > 0))
        {
            // asked again at once: each answer is a round trip to the device, not a sleep
        }

        var killed = Stopwatch.StartNew();
        Assert.Equal(137, await service.SignalAsync("KILL"));
        TimeSpan? heaterOff = null;
        while (await DeviceAsync(device) is var (motor, heater) && (motor > 0 || heater > 0))
        {
            heaterOff ??= heater == 0 ? killed.Elapsed : null;
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after SIGKILL (emulated, not asserted): heater off by {(heaterOff ?? killed.Elapsed).TotalSeconds:0.00} s, everything off by {killed.Elapsed.TotalSeconds:0.00} s"));
        log.WriteLine(device.Output);
    }

    /// <summary>The simulated device's own outputs, from its console's status line.</summary>
    private static async Task<(double Motor, double Heater)> DeviceAsync(EmulatedProgram device)
    {
        var answer = device.NextLineAsync(@"motor=(\d+\.\d+) heater=(\d+\.\d+)");
        await device.WriteLineAsync("status");
        var m = await answer;
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private async Task<int> CliAsync(params string[] arguments)
    {
        await using var cli = new EmulatedProgram(release, "neckcare", arguments, new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = _config });
        var code = await cli.ExitedAsync();
        log.WriteLine($"neckcare {string.Join(' ', arguments)} → {code}\n{cli.Output}");
        return code;
    }

    private static HttpClient Client(string pairingLink)
    {
        var uri = new Uri(pairingLink);
        var client = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Uri.UnescapeDataString(uri.Fragment["#pair=".Length..]));
        return client;
    }

    private static string? State(System.Text.Json.JsonElement data) =>
        data.ValueKind == System.Text.Json.JsonValueKind.Object && data.TryGetProperty("state", out var s) ? s.GetString() : null;
}
