using Microsoft.Win32.SafeHandles;

namespace NeckCare.Device.Gpio.Linux;

/// <summary>
/// The few system calls the GPIO character device needs, behind an interface so that tests can run
/// every driver above it against a fake chip. The real one is <see cref="LinuxGpioKernel"/>; the bytes
/// passed through it are built by <see cref="GpioEncoding"/>, which tests check byte for byte against
/// the kernel header.
/// </summary>
public interface IGpioKernel
{
    /// <summary>Opens a GPIO chip's character device (/dev/gpiochipN).</summary>
    GpioFd Open(string path);

    /// <summary>ioctl(2) with an in/out struct; throws <see cref="IOException"/> carrying errno on failure.</summary>
    void Ioctl(GpioFd fd, uint request, Span<byte> argument);

    /// <summary>Takes ownership of a descriptor the kernel handed back inside a struct (a line request), non-blocking.</summary>
    GpioFd Adopt(int fd);

    /// <summary>Reads whatever edge events are queued, without waiting; 0 when none are.</summary>
    int ReadAvailable(GpioFd fd, Span<byte> buffer);

    /// <summary>close(2). Closing a line request releases its lines: the kernel returns them to their defaults.</summary>
    void Close(int fd);
}

/// <summary>A descriptor from an <see cref="IGpioKernel"/>, closed through it exactly once.</summary>
public sealed class GpioFd : SafeHandleMinusOneIsInvalid
{
    private readonly IGpioKernel _kernel;

    public GpioFd(IGpioKernel kernel, int fd) : base(ownsHandle: true)
    {
        _kernel = kernel;
        SetHandle(fd);
    }

    public int Number => (int)handle;

    protected override bool ReleaseHandle()
    {
        _kernel.Close((int)handle);
        return true;
    }
}
