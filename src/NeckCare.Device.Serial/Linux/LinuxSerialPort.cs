using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NeckCare.Device.Serial.Linux;

/// <summary>
/// A Linux serial port (UART, USB adapter or pseudo-terminal), opened the way System.IO.Ports does on
/// Unix: O_RDWR|O_NOCTTY|O_CLOEXEC|O_NONBLOCK, exclusive (TIOCEXCL), raw 8N1 with CLOCAL|CREAD at a
/// standard rate, buffers flushed. Errors name the port and say what to check.
/// </summary>
public sealed class LinuxSerialPort : FileDescriptorStream
{
    private LinuxSerialPort(int fd, string path)
        : base(fd, path) => PortName = path;

    /// <summary>How long an open waits for this process's own previous descriptor on the port to close.</summary>
    private static readonly TimeSpan OwnCloseWait = TimeSpan.FromSeconds(10);

    /// <summary>The last port this process opened on each path: its close may still be under way.</summary>
    private static readonly ConcurrentDictionary<string, LinuxSerialPort> LastOpened = new(StringComparer.Ordinal);

    public string PortName { get; }

    public static IReadOnlyCollection<int> StandardBaudRates { get; } = [.. Libc.BaudCodes.Keys];

    public static unsafe LinuxSerialPort Open(string path, int baudRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The serial backend needs Linux.");
        }

        if (!Libc.BaudCodes.TryGetValue(baudRate, out var speed))
        {
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate,
                $"Serial:BaudRate must be one of {string.Join(", ", Libc.BaudCodes.Keys)}.");
        }

        // A lost link's descriptor closes when its reader leaves poll(), which a busy machine may delay.
        // Until then the port's lock is still ours: wait for our own close rather than report the
        // port "in use by another program" and fail a reconnect that would succeed a moment later.
        var key = Canonical(path);
        if (LastOpened.TryGetValue(key, out var previous) && previous.IsDisposed)
        {
            previous.Closed.Wait(OwnCloseWait);
        }

        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var hint = errno switch
            {
                Libc.ENOENT => " No such port: is the massager plugged in, and is Serial:Port right?",
                Libc.EACCES => " Permission denied: add the service user to the 'dialout' group.",
                Libc.EBUSY => " The port is in use by another program.",
                _ => string.Empty,
            };
            throw new IOException($"Cannot open {path}: {Libc.Describe(errno)}.{hint}");
        }

        try
        {
            var termios = stackalloc byte[Libc.TermiosBufferSize];
            if (Libc.TcGetAttr(fd, termios) < 0)
            {
                throw new IOException($"{path} is not a serial port (tcgetattr: {Libc.Describe(Marshal.GetLastPInvokeError())}).");
            }

            // Exclusive use: TIOCEXCL refuses other opens (except root's), and an advisory lock — which
            // binds root too — catches a second controller or a tool such as minicom or ModemManager.
            if (Libc.Ioctl(fd, Libc.TIOCEXCL) < 0)
            {
                throw new IOException($"Cannot get exclusive use of {path}: {Libc.Describe(Marshal.GetLastPInvokeError())}.");
            }

            if (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException(errno == Libc.EWOULDBLOCK
                    ? $"{path} is in use by another program (it holds a lock on the port)."
                    : $"Cannot lock {path}: {Libc.Describe(errno)}.");
            }

            Libc.CfMakeRaw(termios); // 8 data bits, no parity, no echo, no line editing, no CR/LF mangling
            var cflag = (uint*)(termios + Libc.CflagOffset);
            *cflag |= Libc.CLOCAL | Libc.CREAD;
            termios[Libc.CcOffset + Libc.VMIN] = 0; // non-blocking reads; we wait in poll()
            termios[Libc.CcOffset + Libc.VTIME] = 0;
            if (Libc.CfSetISpeed(termios, speed) < 0 || Libc.CfSetOSpeed(termios, speed) < 0
                || Libc.TcSetAttr(fd, Libc.TCSANOW, termios) < 0)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture,
                    $"Cannot configure {path} for {baudRate} baud: {Libc.Describe(Marshal.GetLastPInvokeError())}."));
            }

            _ = Libc.TcFlush(fd, Libc.TCIOFLUSH);
            var port = new LinuxSerialPort(fd, path);
            LastOpened[key] = port;
            return port;
        }
        catch
        {
            _ = Libc.Close(fd);
            throw;
        }
    }

    /// <summary>One name per device node, whichever link (/dev/serial/by-id/…) it was opened through.</summary>
    private static string Canonical(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
