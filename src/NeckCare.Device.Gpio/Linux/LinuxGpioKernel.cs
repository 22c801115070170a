using System.Runtime.InteropServices;

namespace NeckCare.Device.Gpio.Linux;

/// <summary>The real system calls (libc), for a Raspberry Pi's /dev/gpiochipN.</summary>
public sealed partial class LinuxGpioKernel : IGpioKernel
{
    internal const int O_RDWR = 0x2;
    internal const int O_CLOEXEC = 0x80000;
    internal const int O_NONBLOCK = 0x800;
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int EAGAIN = 11;
    internal const int EINTR = 4;

    public GpioFd Open(string path)
    {
        var fd = NativeOpen(path, O_RDWR | O_CLOEXEC);
        return fd < 0 ? throw Error($"open {path}") : new GpioFd(this, fd);
    }

    public unsafe void Ioctl(GpioFd fd, uint request, Span<byte> argument)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            fixed (byte* p = argument)
            {
                int result;
                do
                {
                    result = NativeIoctl(fd.Number, request, p);
                }
                while (result < 0 && Marshal.GetLastPInvokeError() == EINTR);

                if (result < 0)
                {
                    throw Error($"ioctl 0x{request:X8}");
                }
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    public GpioFd Adopt(int fd)
    {
        var flags = Fcntl(fd, F_GETFL, 0);
        if (flags < 0 || Fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            var error = Error("fcntl O_NONBLOCK");
            NativeClose(fd);
            throw error;
        }

        return new GpioFd(this, fd);
    }

    public unsafe int ReadAvailable(GpioFd fd, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            fixed (byte* p = buffer)
            {
                var n = NativeRead(fd.Number, p, buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                return errno is EAGAIN or EINTR ? 0 : throw Error("read edge events");
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    public void Close(int fd) => NativeClose(fd);

    private static IOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int NativeIoctl(int fd, nuint request, byte* argument);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint NativeRead(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int NativeClose(int fd);
}
