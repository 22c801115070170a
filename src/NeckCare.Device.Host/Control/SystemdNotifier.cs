using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// sd_notify(3) in a few lines (Microsoft.Extensions.Hosting.Systemd cannot be obtained here): one
/// datagram per message to the Unix socket systemd names in NOTIFY_SOCKET ('@' for the abstract
/// namespace). READY=1 once the service listens, STOPPING=1 when it begins to stop, and WATCHDOG=1 from
/// the control loop itself (see <see cref="LoopRan"/>), so a loop that hangs stops the pings and
/// systemd kills the process: its GPIO lines are released and, with the pull-downs, off.
/// </summary>
internal sealed partial class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastPing = long.MinValue;
    private bool _failed;

    public SystemdNotifier(string? notifySocket, TimeSpan? watchdog, TimeProvider time, ILogger<SystemdNotifier> logger)
    {
        _time = time;
        _logger = logger;
        Watchdog = watchdog;
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        _endpoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>From the environment systemd gives a Type=notify service (WATCHDOG_USEC only when WATCHDOG_PID is ours or unset).</summary>
    public static SystemdNotifier FromEnvironment(TimeProvider time, ILogger<SystemdNotifier> logger)
    {
        var socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        TimeSpan? watchdog = null;
        if ((string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            && long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }

        return new SystemdNotifier(socket, watchdog, time, logger);
    }

    public bool Enabled => _socket is not null;

    /// <summary>systemd's WatchdogSec, when it set one for this process.</summary>
    public TimeSpan? Watchdog { get; }

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

    public void Dispose() => _socket?.Dispose();

    private void Send(string message)
    {
        if (_socket is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), SocketFlags.None, _endpoint!);
        }
        catch (ObjectDisposedException)
        {
            // The host is being torn down; nothing is listening for us any more.
        }
        catch (SocketException ex)
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
