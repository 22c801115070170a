using System.Diagnostics;
using System.Runtime.InteropServices;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// Libc.cs hard-codes Linux constants and the termios layout. This compiles a C probe against the
/// machine's own headers and checks every value: on x86-64 in CI, and on a Pi when run there.
/// </summary>
public class TermiosLayoutTests
{
    [Fact]
    public async Task Every_libc_constant_and_offset_matches_this_machines_headers()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "termios-probe.c");
        var binary = Path.Combine(Path.GetTempPath(), $"termios-probe-{Guid.NewGuid():N}");
        await Run("gcc", $"-o {binary} {source}");
        var values = (await Run(binary, ""))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(binary);

        Assert.True(values["sizeof_termios"] <= Libc.TermiosBufferSize);
        Assert.Equal((ulong)Libc.CflagOffset, values["c_cflag"]);
        Assert.Equal((ulong)Libc.CcOffset, values["c_cc"]);
        Assert.Equal((ulong)Libc.VMIN, values["VMIN"]);
        Assert.Equal((ulong)Libc.VTIME, values["VTIME"]);
        Assert.Equal((ulong)Libc.O_RDWR, values["O_RDWR"]);
        Assert.Equal((ulong)Libc.O_NOCTTY, values["O_NOCTTY"]);
        Assert.Equal((ulong)Libc.O_NONBLOCK, values["O_NONBLOCK"]);
        Assert.Equal((ulong)Libc.O_CLOEXEC, values["O_CLOEXEC"]);
        Assert.Equal(Libc.TIOCEXCL, values["TIOCEXCL"]);
        Assert.Equal((ulong)Libc.TCSANOW, values["TCSANOW"]);
        Assert.Equal((ulong)Libc.TCIOFLUSH, values["TCIOFLUSH"]);
        Assert.Equal(Libc.CLOCAL, values["CLOCAL"]);
        Assert.Equal(Libc.CREAD, values["CREAD"]);
        foreach (var (rate, code) in Libc.BaudCodes)
        {
            Assert.Equal(code, values[$"B{rate}"]);
        }

        Assert.Equal((ulong)Libc.POLLIN, values["POLLIN"]);
        Assert.Equal((ulong)Libc.POLLOUT, values["POLLOUT"]);
        Assert.Equal((ulong)Libc.POLLERR, values["POLLERR"]);
        Assert.Equal((ulong)Libc.POLLHUP, values["POLLHUP"]);
        Assert.Equal((ulong)Libc.POLLNVAL, values["POLLNVAL"]);
        Assert.Equal((ulong)Marshal.SizeOf<Libc.PollFd>(), values["sizeof_pollfd"]);
    }

    private static async Task<string> Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
        return output;
    }
}
