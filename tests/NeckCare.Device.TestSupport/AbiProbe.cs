using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// Checks C# copies of kernel and libc values against the real headers. A probe written with a
/// V(name, expression) macro is compiled natively and run (printing every value), and compiled for each
/// Raspberry Pi architecture with Debian's cross compilers, where every value becomes a _Static_assert
/// against the C# value: there is no Pi here to run on, so the headers themselves are the judge.
/// </summary>
public static class AbiProbe
{
    /// <summary>The Pi's two architectures and the Debian packages that supply their compilers and headers.</summary>
    public static readonly IReadOnlyList<(string Arch, string Compiler, string Packages)> PiArchitectures =
    [
        ("arm64", "aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu linux-libc-dev-arm64-cross"),
        ("armhf", "arm-linux-gnueabihf-gcc", "gcc-arm-linux-gnueabihf linux-libc-dev-armhf-cross"),
    ];

    /// <summary>Compiles <paramref name="source"/> for this machine, runs it, and returns what it printed.</summary>
    public static async Task<Dictionary<string, ulong>> RunNativeAsync(string source)
    {
        var binary = Path.Combine(Path.GetTempPath(), $"abi-probe-{Guid.NewGuid():N}");
        try
        {
            await RunAsync("gcc", ["-std=c11", "-Wall", "-Werror", "-o", binary, source]);
            return (await RunAsync(binary, []))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => ulong.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(binary);
        }
    }

    /// <summary>
    /// Compiles <paramref name="source"/> with <paramref name="compiler"/>, every value asserted at compile
    /// time to equal <paramref name="expected"/>; fails the test with the compiler's words if one differs.
    /// </summary>
    public static async Task AssertAtCompileTimeAsync(string compiler, string source, IReadOnlyDictionary<string, ulong> expected)
    {
        var header = Path.Combine(Path.GetTempPath(), $"abi-expected-{Guid.NewGuid():N}.h");
        var text = new StringBuilder();
        foreach (var (name, value) in expected)
        {
            text.Append(CultureInfo.InvariantCulture, $"#define EXPECT_{name} {value}ULL\n");
        }

        await File.WriteAllTextAsync(header, text.ToString());
        try
        {
            await RunAsync(compiler, ["-std=c11", "-Wall", "-Werror", "-DASSERT_AGAINST_EXPECTED", "-include", header, "-c", "-o", "/dev/null", source]);
        }
        finally
        {
            File.Delete(header);
        }
    }

    /// <summary>Fails, saying what to install, when a cross compiler is missing (never skips: .ci/run installs them).</summary>
    public static void RequireCompiler(string compiler, string packages)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, compiler)));
        Assert.True(found, $"{compiler} is not installed: apt-get install {packages} (.ci/run does this).");
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {await error}");
        return await output;
    }
}
