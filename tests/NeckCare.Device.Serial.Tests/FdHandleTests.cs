using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// A descriptor is closed only when nobody uses it, and says when that happened: a reconnect waits
/// for exactly that moment before it opens the same port again.
/// </summary>
public class FdHandleTests
{
    [Fact]
    public void A_descriptor_disposed_while_a_call_holds_it_closes_when_that_call_returns()
    {
        var handle = new FdHandle(Libc.EventFd(0, Libc.EFD_CLOEXEC));

        handle.Use(_ =>
        {
            handle.Dispose();
            Assert.False(handle.Released.IsCompleted); // still held by this call
            return 0;
        });

        Assert.True(handle.Released.IsCompleted);
    }

    [Fact]
    public void A_descriptor_nobody_holds_closes_at_once_when_disposed()
    {
        var handle = new FdHandle(Libc.EventFd(0, Libc.EFD_CLOEXEC));

        handle.Dispose();

        Assert.True(handle.Released.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => handle.Use(fd => fd));
    }

    [Fact]
    public void A_closed_port_says_so_once_its_descriptor_is_really_closed()
    {
        using var pty = PseudoTerminal.Open();
        var port = LinuxSerialPort.Open(pty.SlavePath, 115200);
        Assert.False(port.IsDisposed);
        Assert.False(port.Closed.IsCompleted);

        port.Dispose();

        Assert.True(port.IsDisposed);
        Assert.True(port.Closed.IsCompleted);
        using var again = LinuxSerialPort.Open(pty.SlavePath, 115200); // the lock went with it
    }
}
