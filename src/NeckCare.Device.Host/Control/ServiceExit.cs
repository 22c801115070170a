namespace NeckCare.Device.Host.Control;

/// <summary>
/// The exit code the process ends with once the host has stopped: 0, or a code a component chose when
/// it stopped the service (70 when control steps kept failing). The program returns it.
/// </summary>
public sealed class ServiceExit
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    /// <summary>Records why the service is ending; the first non-zero code wins.</summary>
    public void Fail(int code) => Interlocked.CompareExchange(ref _code, code, 0);
}
