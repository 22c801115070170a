using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The real serial-port code on a pseudo-terminal pair: what the controller does with a UART.</summary>
public class PseudoTerminalTests
{
    private static async Task<byte[]> ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        var got = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (got < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(got), timeout.Token);
            Assert.True(n > 0, "end of stream");
            got += n;
        }

        return buffer;
    }

    [Fact]
    public async Task Every_byte_value_crosses_the_port_unchanged_in_both_directions()
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(pty.SlavePath, 115200);
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(); // 0x00, CR, XON/XOFF, DEL, …

        port.Write(all);
        var atDevice = await ReadExactly(pty, all.Length);
        pty.Write(all);
        var atHost = await ReadExactly(port, all.Length);

        Assert.Equal(all, atDevice);
        Assert.Equal(all, atHost);
    }

    [Fact]
    public void A_second_open_of_a_port_in_use_is_refused()
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(pty.SlavePath, 115200);

        var ex = Assert.Throws<IOException>(() => LinuxSerialPort.Open(pty.SlavePath, 115200));

        Assert.Contains(pty.SlavePath, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_the_device_end_ends_the_port_with_an_error_instead_of_hanging()
    {
        var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(pty.SlavePath, 115200);
        var buffer = new byte[16];

        pty.Dispose();

        var ex = await Record.ExceptionAsync(async () =>
        {
            var n = await port.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, n);
            throw new IOException("end of stream");
        });
        Assert.IsType<IOException>(ex);
    }

    [Fact]
    public void A_missing_port_is_reported_with_its_path_and_what_to_check()
    {
        var ex = Assert.Throws<IOException>(() => LinuxSerialPort.Open("/dev/ttyNOPE-neckcare", 115200));

        Assert.Contains("/dev/ttyNOPE-neckcare", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Serial:Port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_standard_baud_rate_is_refused_naming_the_allowed_rates()
    {
        using var pty = PseudoTerminal.Open();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LinuxSerialPort.Open(pty.SlavePath, 12345));

        Assert.Contains("115200", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_tty_is_refused()
    {
        var ex = Assert.Throws<IOException>(() => LinuxSerialPort.Open("/dev/null", 115200));

        Assert.Contains("not a serial port", ex.Message, StringComparison.Ordinal);
    }
}
