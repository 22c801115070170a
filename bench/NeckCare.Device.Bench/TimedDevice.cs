using System.Diagnostics;
using NeckCare.Device.Protocol;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// The firmware emulator on a pseudo-terminal that timestamps the moment it applies a StopAll: the far
/// end of every "stop reaches the device" figure.
/// </summary>
internal sealed class TimedDevice : IDisposable
{
    private readonly PseudoTerminal _pty = PseudoTerminal.Open();
    private readonly FirmwareEmulator _emulator = new(TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private long _stoppedAt;

    public TimedDevice()
    {
        _ = _emulator.ServeAsync(_pty, _stop.Token);
        _emulator.CommandApplied += m =>
        {
            if (m is StopAll)
            {
                Interlocked.Exchange(ref _stoppedAt, Stopwatch.GetTimestamp());
            }
        };
    }

    /// <summary>The path the service opens as its serial port.</summary>
    public string Port => _pty.SlavePath;

    /// <summary>Forgets the last stop; call just before sending the next.</summary>
    public void Arm() => Interlocked.Exchange(ref _stoppedAt, 0);

    /// <summary>Milliseconds from <paramref name="sentAt"/> until the device applied StopAll, or null after 2 s.</summary>
    public double? WaitForStop(long sentAt)
    {
        var spin = new SpinWait();
        while (Interlocked.Read(ref _stoppedAt) == 0 && Stopwatch.GetElapsedTime(sentAt) < TimeSpan.FromSeconds(2))
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return Interlocked.Read(ref _stoppedAt) is var at and > 0 ? Stopwatch.GetElapsedTime(sentAt, at).TotalMilliseconds : null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _emulator.Dispose();
        _pty.Dispose();
        _stop.Dispose();
    }
}
