using Microsoft.Win32.SafeHandles;

namespace NeckCare.Device.Serial.Linux;

/// <summary>
/// A file descriptor that is closed only when nobody is using it. Every poll, read and write holds a
/// reference (DangerousAddRef) for its duration, so disposing the stream on one thread can never close
/// the number under a reader on another, and the kernel can never hand the same number to the next
/// open while an old reader still polls it (which once let a reader steal a new port's bytes).
/// </summary>
internal sealed class FdHandle : SafeHandleMinusOneIsInvalid
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FdHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    /// <summary>Completes when the descriptor is really closed: disposed, and the last call holding it has returned.</summary>
    public Task Released => _released.Task;

    /// <summary>Runs <paramref name="use"/> with the descriptor held open; throws ObjectDisposedException once disposed.</summary>
    public T Use<T>(Func<int, T> use)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return use((int)handle);
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        var closed = Libc.Close((int)handle) == 0;
        _released.TrySetResult();
        return closed;
    }
}
