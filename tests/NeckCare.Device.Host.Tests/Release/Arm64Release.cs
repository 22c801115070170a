using System.Diagnostics;
using NeckCare.Device.Tests;

namespace NeckCare.Device.Host.Tests.Release;

/// <summary>
/// The arm64 release archive, built once per test run by deploy/release.sh from a copy of the sources
/// (its Release, cross-compiled build never touches this checkout's bin and obj), unpacked, plus the
/// arm64 root qemu-aarch64-static runs it on (tests/arm64/sysroot.sh). Set NECKCARE_ARM64_ARCHIVE to an
/// archive to reuse it. Building takes minutes; the limits only turn a hang into a failure.
/// </summary>
public sealed class Arm64Release : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("neckcare-arm64-").FullName;

    public string Archive { get; private set; } = "";

    /// <summary>The unpacked archive: install.sh, app/, deploy/, VERSION, SHA256SUMS.</summary>
    public string Unpacked { get; private set; } = "";

    public string App => Path.Combine(Unpacked, "app");

    /// <summary>QEMU_LD_PREFIX: the cross C library and the Pi's OpenSSL.</summary>
    public string Sysroot { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Sysroot = (await RunAsync("bash", [Path.Combine(RepoRoot.Path, "tests/arm64/sysroot.sh")], RepoRoot.Path, TimeSpan.FromMinutes(10))).Trim();
        Archive = Environment.GetEnvironmentVariable("NECKCARE_ARM64_ARCHIVE") is { Length: > 0 } given ? given : await BuildAsync();
        await RunAsync("tar", ["-xzf", Archive, "-C", _work], _work, TimeSpan.FromMinutes(2));
        Unpacked = Directory.GetDirectories(_work, "neckcare-*-linux-arm64").Single();
    }

    private async Task<string> BuildAsync()
    {
        var sources = Path.Combine(_work, "src");
        var files = await RunAsync("git", ["-C", RepoRoot.Path, "ls-files", "--cached", "--others", "--exclude-standard", "-z"], RepoRoot.Path, TimeSpan.FromMinutes(1));
        foreach (var file in files.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(RepoRoot.Path, f))))
        {
            var target = Path.Combine(sources, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepoRoot.Path, file), target);
        }

        var output = Path.Combine(_work, "artifacts");
        await RunAsync("bash", ["deploy/release.sh", "--rid", "linux-arm64", "--out", output], sources, TimeSpan.FromMinutes(40));
        return Directory.GetFiles(output, "neckcare-*-linux-arm64.tar.gz").Single();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    internal static async Task<string> RunAsync(string file, string[] arguments, string directory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(limit);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}

[CollectionDefinition(Name)]
public sealed class Arm64ReleaseGroup : ICollectionFixture<Arm64Release>
{
    public const string Name = "arm64 release";
}
