using System.Runtime.InteropServices;

namespace NeckCare.Device.Serial.Linux;

/// <summary>
/// The few libc calls a serial port needs. Constants and layouts are those of Linux on x86-64, arm64
/// and armhf (all three use the asm-generic values; glibc's struct termios is 60 bytes there with
/// c_cflag at offset 8 and c_cc at 17). Rather than declare struct termios, the code keeps it in an
/// oversized byte buffer and lets libc (cfmakeraw, cfset*speed) do the work, touching only c_cflag and
/// two c_cc bytes itself. tests/…/TermiosLayoutTests compiles a C probe with the machine's own headers
/// and checks every value here against it.
/// </summary>
internal static partial class Libc
{
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const uint TIOCEXCL = 0x540C;
    public const int TCSANOW = 0;
    public const int TCIOFLUSH = 2;
    public const uint CLOCAL = 0x800;   // octal 04000
    public const uint CREAD = 0x80;     // octal 0200
    public const int TermiosBufferSize = 256; // generously larger than sizeof(struct termios) = 60
    public const int CflagOffset = 8;
    public const int CcOffset = 17;
    public const int VTIME = 5;
    public const int VMIN = 6;
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EWOULDBLOCK = 11;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    /// <summary>Standard rates and their speed_t codes (octal 015 … 010007).</summary>
    public static readonly IReadOnlyDictionary<int, uint> BaudCodes = new Dictionary<int, uint>
    {
        [9600] = 0xD, [19200] = 0xE, [38400] = 0xF, [57600] = 0x1001, [115200] = 0x1002,
        [230400] = 0x1003, [460800] = 0x1004, [921600] = 0x1007,
    };

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    /// <summary>EFD_CLOEXEC and EFD_NONBLOCK: the O_ values, the same on x86-64, arm64 and armhf.</summary>
    public const int EFD_CLOEXEC = O_CLOEXEC;
    public const int EFD_NONBLOCK = O_NONBLOCK;

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static unsafe partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static unsafe partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    public static unsafe partial void CfMakeRaw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetispeed", SetLastError = true)]
    public static unsafe partial int CfSetISpeed(byte* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "cfsetospeed", SetLastError = true)]
    public static unsafe partial int CfSetOSpeed(byte* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(int fd, int queueSelector);

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    public static unsafe partial int PtsNameR(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "strerror")]
    public static partial nint StrError(int errno);

    public static string Describe(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";
}
