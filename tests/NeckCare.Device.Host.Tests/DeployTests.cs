using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// deploy/: the unit's hardening scored by systemd itself, and install.sh run against a temporary root
/// (the files it places, their modes, the user, the udev rules, the overlays with consent, the unit
/// enabled and passing systemd-analyze verify).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DeployTests : IDisposable
{
    private static readonly string Deploy = Path.Combine(RepoRoot.Path, "deploy");
    private readonly string _work = Directory.CreateTempSubdirectory("neckcare-install-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_units_systemd_security_exposure_is_at_most_2_5()
    {
        var (code, output, _) = await RunAsync("systemd-analyze", "security", "--offline=true", "--no-pager", Path.Combine(Deploy, "neckcare-device.service"));

        Assert.True(code == 0, output);
        var score = double.Parse(Exposure().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(score <= 2.5, $"exposure {score}:\n{output}");
    }

    [Fact]
    public async Task Every_exposure_the_unit_keeps_is_listed_with_its_reason_in_the_integrator_guide()
    {
        var (_, output, _) = await RunAsync("systemd-analyze", "security", "--offline=true", "--no-pager", Path.Combine(Deploy, "neckcare-device.service"));
        var guide = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "docs", "integrator-guide.md"));

        var kept = Kept().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.NotEmpty(kept);
        Assert.All(kept, setting => Assert.Contains($"| `{setting.Replace("|", "\\|", StringComparison.Ordinal)}` |", guide, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_unit_is_a_notify_service_with_a_watchdog_a_state_directory_and_a_stop_post_and_keeps_sys_writable()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(Deploy, "neckcare-device.service"));

        foreach (var line in new[] { "Type=notify", "WatchdogSec=5", "StateDirectory=neckcare", "NoNewPrivileges=yes", "ProtectSystem=strict",
                     "ProtectHome=yes", "PrivateTmp=yes", "DevicePolicy=closed", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-i2c rw",
                     "DeviceAllow=char-ttyUSB rw", "CapabilityBoundingSet=", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "MemoryMax=256M",
                     "UMask=0077", "ExecStart=/opt/neckcare/current/NeckCare.Device.Host", "ExecStopPost=/opt/neckcare/current/NeckCare.Device.Host failsafe-off" })
        {
            Assert.Contains("\n" + line + "\n", unit, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\nProtectKernelTunables=", unit, StringComparison.Ordinal); // /sys/class/pwm must stay writable
        Assert.DoesNotContain("\nPrivateDevices=", unit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_places_every_file_with_its_mode_creates_the_user_and_enables_a_unit_that_verifies()
    {
        var root = ImageRoot();

        var (code, output, error) = await InstallAsync(root, "--yes");

        Assert.True(code == 0, output + error);
        AssertMode(root, "opt/neckcare/releases/9.9.1/NeckCare.Device.Host", "755");
        AssertMode(root, "opt/neckcare/releases/9.9.1/neckcare", "755");
        AssertMode(root, "opt/neckcare/releases/9.9.1/wwwroot/index.html", "644");
        AssertMode(root, "opt/neckcare/releases/9.9.1", "755");
        Assert.Equal("releases/9.9.1", new FileInfo(Path.Combine(root, "opt/neckcare/current")).LinkTarget);
        Assert.Equal("/opt/neckcare/current/neckcare", new FileInfo(Path.Combine(root, "usr/bin/neckcare")).LinkTarget);
        AssertMode(root, "etc/systemd/system/neckcare-device.service", "644");
        AssertMode(root, "etc/udev/rules.d/60-neckcare.rules", "644");
        AssertMode(root, "etc/neckcare/neckcare.env", "640");
        AssertMode(root, "etc/neckcare", "750");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Deploy, "neckcare-device.service")), await File.ReadAllTextAsync(Path.Combine(root, "etc/systemd/system/neckcare-device.service")));
        Assert.Contains("Hardware__Backend=Gpio", await File.ReadAllTextAsync(Path.Combine(root, "etc/neckcare/neckcare.env")), StringComparison.Ordinal);

        var passwd = await File.ReadAllLinesAsync(Path.Combine(root, "etc/passwd"));
        Assert.Contains(passwd, l => l.StartsWith("neckcare:x:", StringComparison.Ordinal) && l.EndsWith(":/var/lib/neckcare:/usr/sbin/nologin", StringComparison.Ordinal));
        var groups = await File.ReadAllLinesAsync(Path.Combine(root, "etc/group"));
        foreach (var group in new[] { "gpio", "i2c", "dialout" })
        {
            Assert.Contains(groups, l => l.StartsWith(group + ":", StringComparison.Ordinal) && l.Split(':')[3].Split(',').Contains("neckcare"));
        }

        var rules = await File.ReadAllTextAsync(Path.Combine(root, "etc/udev/rules.d/60-neckcare.rules"));
        Assert.Contains("ATTRS{idVendor}==\"1a86\", ATTRS{idProduct}==\"7523\", SYMLINK+=\"neckcare-mcu\"", rules, StringComparison.Ordinal);
        Assert.Contains("KERNEL==\"gpiochip*\", GROUP=\"gpio\"", rules, StringComparison.Ordinal);

        Assert.Equal("/etc/systemd/system/neckcare-device.service",
            new FileInfo(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/neckcare-device.service")).LinkTarget);
        var verify = await RunAsync("systemd-analyze", "verify", $"--root={root}", "/etc/systemd/system/neckcare-device.service");
        Assert.True(verify.Code == 0 && verify.Error.Length == 0, verify.Error); // warnings count as failures
    }

    [Fact]
    public async Task The_overlays_are_added_with_consent_once_and_not_at_all_without_it()
    {
        var root = ImageRoot();
        var config = Path.Combine(root, "boot/firmware/config.txt");

        Assert.Equal(0, (await InstallAsync(root)).Code); // no --yes and no terminal to ask on
        Assert.DoesNotContain("dtoverlay=pwm-2chan", await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        Assert.Equal(0, (await InstallAsync(root, "--yes")).Code);
        Assert.Equal(0, (await InstallAsync(root, "--yes")).Code);
        var text = await File.ReadAllTextAsync(config);
        Assert.Equal(1, Regex.Count(text, "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4"));
        Assert.Contains("dtoverlay=ads1115", text, StringComparison.Ordinal);
        Assert.StartsWith("# the image's own line\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reinstall_keeps_the_integrators_settings()
    {
        var root = ImageRoot();
        Assert.Equal(0, (await InstallAsync(root, "--yes")).Code);
        var env = Path.Combine(root, "etc/neckcare/neckcare.env");
        await File.AppendAllTextAsync(env, "Gpio__HeaterLine=26\n");

        Assert.Equal(0, (await InstallAsync(root, "--yes", "--backend", "Serial")).Code);

        Assert.Contains("Gpio__HeaterLine=26", await File.ReadAllTextAsync(env), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--backend", "Usb", "--backend must be Gpio, Serial or Simulator")]
    [InlineData("--mcu-usb", "ch340", "--mcu-usb must be VID:PID")]
    public async Task Install_refuses_a_bad_option_and_changes_nothing(string option, string value, string expected)
    {
        var root = ImageRoot();

        var (code, _, error) = await InstallAsync(root, option, value);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "opt/neckcare")));
    }

    [Fact]
    public async Task An_upgrade_keeps_the_state_and_settings_and_the_previous_version_and_rollback_returns_to_it()
    {
        var root = ImageRoot();
        Assert.Equal(0, (await InstallAsync(root, "--yes")).Code);
        var state = Path.Combine(root, "var/lib/neckcare");
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(Path.Combine(state, "history.db"), "the person's sessions");
        var env = Path.Combine(root, "etc/neckcare/neckcare.env");
        await File.AppendAllTextAsync(env, "Gpio__HeaterLine=26\n");

        var (code, output, error) = await InstallAsync(root, Archive("9.9.2"), "--yes");

        Assert.True(code == 0, output + error);
        Assert.Contains("upgraded from 9.9.1", output, StringComparison.Ordinal);
        Assert.Equal("releases/9.9.2", new FileInfo(Path.Combine(root, "opt/neckcare/current")).LinkTarget);
        Assert.Equal("releases/9.9.1", new FileInfo(Path.Combine(root, "opt/neckcare/previous")).LinkTarget);
        Assert.Equal("9.9.2", await File.ReadAllTextAsync(Path.Combine(root, "opt/neckcare/current/wwwroot/index.html")));
        Assert.Equal("the person's sessions", await File.ReadAllTextAsync(Path.Combine(state, "history.db")));
        Assert.Contains("Gpio__HeaterLine=26", await File.ReadAllTextAsync(env), StringComparison.Ordinal);

        (code, output, error) = await RunAsync("bash", Path.Combine(Archive("9.9.2"), "install.sh"), "--root", root, "--rollback");

        Assert.True(code == 0, output + error);
        Assert.Equal("releases/9.9.1", new FileInfo(Path.Combine(root, "opt/neckcare/current")).LinkTarget);
        Assert.Equal("releases/9.9.2", new FileInfo(Path.Combine(root, "opt/neckcare/previous")).LinkTarget);
        Assert.Equal("9.9.1", await File.ReadAllTextAsync(Path.Combine(root, "opt/neckcare/current/wwwroot/index.html")));
        Assert.Equal("the person's sessions", await File.ReadAllTextAsync(Path.Combine(state, "history.db")));
    }

    [Fact]
    public async Task A_third_version_keeps_only_itself_and_the_one_it_replaced()
    {
        var root = ImageRoot();
        foreach (var version in new[] { "9.9.1", "9.9.2", "9.9.3" })
        {
            Assert.Equal(0, (await InstallAsync(root, Archive(version), "--yes")).Code);
        }

        Assert.Equal(["9.9.2", "9.9.3"], Directory.GetDirectories(Path.Combine(root, "opt/neckcare/releases")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Uninstall_removes_the_program_and_keeps_the_state_unless_purged()
    {
        var root = ImageRoot();
        Assert.Equal(0, (await InstallAsync(root, "--yes")).Code);
        var state = Path.Combine(root, "var/lib/neckcare");
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(Path.Combine(state, "api-token"), "secret");
        var uninstall = Path.Combine(Archive("9.9.1"), "install.sh");

        Assert.Equal(0, (await RunAsync("bash", uninstall, "--root", root, "--uninstall")).Code);

        Assert.False(Directory.Exists(Path.Combine(root, "opt/neckcare")));
        Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/neckcare-device.service")));
        Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/neckcare-device.service")));
        Assert.True(File.Exists(Path.Combine(state, "api-token")));
        Assert.True(File.Exists(Path.Combine(root, "etc/neckcare/neckcare.env")));

        Assert.Equal(0, (await RunAsync("bash", uninstall, "--root", root, "--uninstall", "--purge")).Code);

        Assert.False(Directory.Exists(state));
        Assert.False(Directory.Exists(Path.Combine(root, "etc/neckcare")));
    }

    [Fact]
    public async Task A_damaged_archive_is_refused_and_nothing_is_installed()
    {
        var root = ImageRoot();
        var archive = Archive("9.9.1");
        await File.AppendAllTextAsync(Path.Combine(archive, "app/NeckCare.Device.Host"), "# flipped bits\n");

        var (code, _, error) = await InstallAsync(root, archive, "--yes");

        Assert.NotEqual(0, code);
        Assert.Contains("the archive is damaged", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "opt/neckcare")));
    }

    [Theory]
    [InlineData("2800", "linux-arm64", "the 64-bit Raspberry Pi OS")]
    [InlineData("b700", "linux-x64", "use the linux-arm64 archive")]
    public async Task An_image_the_archive_cannot_run_on_is_refused_by_name(string elfMachine, string rid, string expected)
    {
        var root = ImageRoot();
        // The image's /bin/sh tells its architecture: an ELF header with this e_machine (armhf, arm64).
        var header = new byte[20];
        header[0] = 0x7f;
        header[18] = Convert.ToByte(elfMachine[..2], 16);
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        await File.WriteAllBytesAsync(Path.Combine(root, "bin/sh"), header);

        var (code, _, error) = await InstallAsync(root, Archive("9.9.1", rid), "--yes");

        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "opt/neckcare")));
    }

    /// <summary>A Raspberry Pi OS image as far as install.sh can tell: systemd's units and config.txt.</summary>
    private string ImageRoot()
    {
        var root = Path.Combine(_work, "root");
        if (Directory.Exists(root))
        {
            return root;
        }

        Directory.CreateDirectory(Path.Combine(root, "usr/bin")); // no .NET runtime: the programs need none
        Directory.CreateDirectory(Path.Combine(root, "boot/firmware"));
        File.WriteAllText(Path.Combine(root, "boot/firmware/config.txt"), "# the image's own line\n");
        var units = Path.Combine(root, "usr/lib/systemd/system");
        Directory.CreateDirectory(units);
        foreach (var unit in new[] { "multi-user.target", "network.target", "sysinit.target", "basic.target", "shutdown.target", "sockets.target", "paths.target", "timers.target", "slices.target", "system.slice", "-.slice", "local-fs.target", "swap.target" })
        {
            var host = Path.Combine("/usr/lib/systemd/system", unit);
            if (File.Exists(host))
            {
                File.Copy(host, Path.Combine(units, unit));
            }
        }

        return root;
    }

    /// <summary>
    /// An unpacked release archive as deploy/release.sh lays it out, with stand-ins for the programs (the
    /// real archive is installed by ReleaseArchiveTests): install.sh at the top, app/, deploy/, VERSION, SHA256SUMS.
    /// </summary>
    private string Archive(string version, string rid = "linux-x64")
    {
        var dir = Path.Combine(_work, $"neckcare-{version}-{rid}");
        if (Directory.Exists(dir))
        {
            return dir;
        }

        Directory.CreateDirectory(Path.Combine(dir, "app/wwwroot"));
        Directory.CreateDirectory(Path.Combine(dir, "deploy"));
        File.Copy(Path.Combine(Deploy, "install.sh"), Path.Combine(dir, "install.sh"));
        foreach (var file in new[] { "neckcare-device.service", "60-neckcare.rules", "neckcare.sysusers" })
        {
            File.Copy(Path.Combine(Deploy, file), Path.Combine(dir, "deploy", file));
        }

        foreach (var program in new[] { "NeckCare.Device.Host", "neckcare", "NeckCare.Device.SimDevice", "neckcare-conformance" })
        {
            File.WriteAllText(Path.Combine(dir, "app", program), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(dir, "app", program), (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(Path.Combine(dir, "app/wwwroot/index.html"), version);
        File.WriteAllText(Path.Combine(dir, "VERSION"), $"{version} {rid}\n");
        var sums = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}  {Path.GetRelativePath(dir, f)}");
        File.WriteAllLines(Path.Combine(dir, "SHA256SUMS"), sums);
        return dir;
    }

    private Task<(int Code, string Output, string Error)> InstallAsync(string root, params string[] options) =>
        options is [var first, .. var rest] && Directory.Exists(first)
            ? RunAsync("bash", [Path.Combine(first, "install.sh"), "--root", root, .. rest])
            : RunAsync("bash", [Path.Combine(Archive("9.9.1"), "install.sh"), "--root", root, .. options]);

    private static void AssertMode(string root, string path, string octal)
    {
        var full = Path.Combine(root, path);
        var mode = File.GetUnixFileMode(full);
        Assert.True(Convert.ToString((int)mode, 8) == octal, $"{path}: {Convert.ToString((int)mode, 8)}, expected {octal}");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.StandardInput.Close(); // never a terminal: install.sh must not wait for an answer
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"Overall exposure level for neckcare-device\.service: (\d+\.\d+)")]
    private static partial Regex Exposure();

    /// <summary>"✗ Setting=   description   0.1": a setting that still adds exposure.</summary>
    [GeneratedRegex(@"^✗ (\S+?)\s{2,}.*\s(\d\.\d)\s*$", RegexOptions.Multiline)]
    private static partial Regex Kept();
}
