using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// What the service tells systemd, sent through Microsoft.Extensions.Hosting.Systemd's notifier:
/// READY=1 once the host listens and the control loop has run its first tick (SystemdLifetime's
/// readiness comes when the host has merely started, which is why it is not used), STOPPING=1 when it begins
/// to stop, and WATCHDOG=1 from the control loop itself (see <see cref="LoopRan"/>), so a loop that hangs
/// or runs blind stops the pings and systemd kills the process: its GPIO lines are released and, with
/// the pull-downs, off. Only the sending is the library's; the gating is the project's.
/// </summary>
internal sealed partial class SystemdNotices
{
    private readonly ISystemdNotifier? _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastPing = long.MinValue;
    private bool _failed;
    private bool _ticked;
    private int _readySteps;

    public SystemdNotices(ISystemdNotifier? notifier, TimeSpan? watchdog, TimeProvider time, ILogger<SystemdNotices> logger)
    {
        _notifier = notifier is { IsEnabled: true } ? notifier : null;
        _time = time;
        _logger = logger;
        Watchdog = watchdog;
    }

    /// <summary>From the environment systemd gives a Type=notify service (WATCHDOG_USEC only when WATCHDOG_PID is ours or unset).</summary>
    public static TimeSpan? WatchdogFromEnvironment()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if ((string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            && long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            return TimeSpan.FromMicroseconds(usec);
        }

        return null;
    }

    public bool Enabled => _notifier is not null;

    /// <summary>systemd's WatchdogSec, when it set one for this process.</summary>
    public TimeSpan? Watchdog { get; }

    /// <summary>The host has started (Kestrel listens). READY=1 goes out once this and the first control tick have both happened.</summary>
    public void HostStarted() => ReadyStep();

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public void Stopping() => Send("STOPPING=1\nSTATUS=Stopping: switching motor and heater off");

    /// <summary>
    /// Called after every completed control tick. The ping goes out only when the tick computed the
    /// outputs from a fresh reading, or when the outputs are off (idle, faulted, no device: nothing runs
    /// blind); a loop that is alive but driving outputs on stale readings stops proving itself. Pings
    /// are spaced at a third of the watchdog time, not sent on every tick.
    /// </summary>
    public void LoopRan(bool freshReading, bool outputsOff)
    {
        if (!_ticked)
        {
            _ticked = true;
            ReadyStep();
        }

        if (Watchdog is not { } watchdog || !(freshReading || outputsOff))
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_lastPing != long.MinValue && _time.GetElapsedTime(_lastPing, now) < watchdog / 3)
        {
            return;
        }

        _lastPing = now;
        Send("WATCHDOG=1");
    }

    /// <summary>Readiness needs two things on two threads (the host's start and the loop's first tick): the second sends it.</summary>
    private void ReadyStep()
    {
        if (Interlocked.Increment(ref _readySteps) == 2)
        {
            Ready("Controlling the massager; outputs off until a session starts");
        }
    }

    private void Send(string message)
    {
        if (_notifier is null)
        {
            return;
        }

        try
        {
            _notifier.Notify(new ServiceState(message));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            if (!_failed)
            {
                _failed = true; // once: a missing socket must not fill the journal at 10 Hz
                LogFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not notify systemd (NOTIFY_SOCKET); readiness and watchdog pings are not reaching it")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
