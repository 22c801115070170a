using System.Runtime.InteropServices;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// Libc.cs hard-codes Linux constants and the termios layout. A C probe checks every value against the
/// real headers: run natively here, and as compile-time assertions with the arm64 and armhf cross
/// compilers (the Pi's architectures), as the GPIO backend's KernelAbiTests do.
/// </summary>
public class TermiosLayoutTests
{
    /// <summary>glibc's struct termios on x86-64, arm64 and armhf.</summary>
    private const int TermiosSize = 60;

    private static string Probe => Path.Combine(AppContext.BaseDirectory, "termios-probe.c");

    private static Dictionary<string, ulong> Expected()
    {
        var expected = new Dictionary<string, ulong>
        {
            ["sizeof_termios"] = TermiosSize,
            ["c_cflag"] = Libc.CflagOffset,
            ["c_cc"] = Libc.CcOffset,
            ["VMIN"] = Libc.VMIN,
            ["VTIME"] = Libc.VTIME,
            ["O_RDWR"] = Libc.O_RDWR,
            ["O_NOCTTY"] = Libc.O_NOCTTY,
            ["O_NONBLOCK"] = Libc.O_NONBLOCK,
            ["O_CLOEXEC"] = Libc.O_CLOEXEC,
            ["TIOCEXCL"] = Libc.TIOCEXCL,
            ["TCSANOW"] = Libc.TCSANOW,
            ["TCIOFLUSH"] = Libc.TCIOFLUSH,
            ["CLOCAL"] = Libc.CLOCAL,
            ["CREAD"] = Libc.CREAD,
            ["POLLIN"] = (ulong)Libc.POLLIN,
            ["POLLOUT"] = (ulong)Libc.POLLOUT,
            ["POLLERR"] = (ulong)Libc.POLLERR,
            ["POLLHUP"] = (ulong)Libc.POLLHUP,
            ["POLLNVAL"] = (ulong)Libc.POLLNVAL,
            ["sizeof_pollfd"] = (ulong)Marshal.SizeOf<Libc.PollFd>(),
        };
        foreach (var (rate, code) in Libc.BaudCodes)
        {
            expected[$"B{rate}"] = code;
        }

        return expected;
    }

    [Fact]
    public async Task Every_libc_constant_and_offset_matches_this_machines_headers()
    {
        var actual = await AbiProbe.RunNativeAsync(Probe);

        Assert.True(actual["sizeof_termios"] <= Libc.TermiosBufferSize);
        var expected = Expected();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, kv => Assert.True(kv.Value == actual[kv.Key], $"{kv.Key}: C# {kv.Value}, header {actual[kv.Key]}"));
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("armhf")]
    public async Task Every_libc_constant_and_offset_is_asserted_at_compile_time_for_the_pi(string arch)
    {
        var (_, compiler, packages) = AbiProbe.PiArchitectures.Single(a => a.Arch == arch);
        AbiProbe.RequireCompiler(compiler, packages);

        await AbiProbe.AssertAtCompileTimeAsync(compiler, Probe, Expected());
    }
}
