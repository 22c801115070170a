using System.Runtime.InteropServices;

namespace NeckCare.Device.Serial.Linux;

/// <summary>
/// A pseudo-terminal pair: the master end is a stream for whoever plays the device (the emulator),
/// the slave path (/dev/pts/N) is opened by the controller exactly as it opens a real serial port.
/// </summary>
public sealed class PseudoTerminal : FileDescriptorStream
{
    private PseudoTerminal(int fd, string slavePath)
        : base(fd, "pty master " + slavePath) => SlavePath = slavePath;

    public string SlavePath { get; }

    private int _heldSlave = -1;

    /// <summary>
    /// Keeps the slave end open in this process too (done by <see cref="Open"/>), so the master never
    /// reads a hang-up while no controller has the port open, or after it goes away: like a real UART,
    /// the device only notices through its watchdog. Closing the master still hangs up the controller.
    /// </summary>
    public void HoldSlaveOpen()
    {
        if (_heldSlave < 0)
        {
            _heldSlave = Libc.Open(SlavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        }
    }

    protected override void Dispose(bool disposing)
    {
        var held = Interlocked.Exchange(ref _heldSlave, -1);
        if (held >= 0)
        {
            _ = Libc.Close(held);
        }

        base.Dispose(disposing);
    }

    public static unsafe PseudoTerminal Open()
    {
        var fd = Libc.PosixOpenPt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"posix_openpt failed: {Libc.Describe(Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            if (Libc.GrantPt(fd) < 0 || Libc.UnlockPt(fd) < 0)
            {
                throw new IOException($"Cannot unlock the pseudo-terminal: {Libc.Describe(Marshal.GetLastPInvokeError())}.");
            }

            var name = stackalloc byte[128];
            var rc = Libc.PtsNameR(fd, name, 128);
            if (rc != 0)
            {
                throw new IOException($"ptsname_r failed: {Libc.Describe(rc)}.");
            }

            var path = Marshal.PtrToStringUTF8((nint)name) ?? throw new IOException("ptsname_r returned no name.");

            // Raw mode on the pair, so no byte (0x00, 0x0D, 0x11 …) is ever translated by the line discipline.
            var termios = stackalloc byte[Libc.TermiosBufferSize];
            if (Libc.TcGetAttr(fd, termios) == 0)
            {
                Libc.CfMakeRaw(termios);
                _ = Libc.TcSetAttr(fd, Libc.TCSANOW, termios);
            }

            var pty = new PseudoTerminal(fd, path);
            pty.HoldSlaveOpen();
            return pty;
        }
        catch
        {
            _ = Libc.Close(fd);
            throw;
        }
    }
}
