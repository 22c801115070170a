namespace NeckCare.Device.Host.Access;

/// <summary>
/// Commands per client in fixed 10-second windows (Api:CommandsPerTenSeconds). Written here instead of
/// ASP.NET Core's partitioned rate limiter, whose 100 ms heartbeat timer woke the process ten times a
/// second, idle or not (docs/benchmarks.md, wake-ups): this one does its arithmetic only when a command
/// arrives, on the service's clock, and forgets clients whose window has passed.
/// </summary>
internal sealed class CommandRateLimit(int permitsPerWindow, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>More clients than a household has before windows that have passed are swept.</summary>
    private const int SweepAbove = 64;

    private readonly Dictionary<string, (long Start, int Used)> _clients = [];
    private readonly Lock _gate = new();

    /// <returns>True if the command may go ahead; otherwise how long until the client's window ends.</returns>
    public bool TryAcquire(string client, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_clients.TryGetValue(client, out var window) || time.GetElapsedTime(window.Start, now) >= Window)
            {
                if (_clients.Count >= SweepAbove)
                {
                    Sweep(now);
                }

                window = (now, 0);
            }

            if (window.Used >= permitsPerWindow)
            {
                retryAfter = Window - time.GetElapsedTime(window.Start, now);
                return false;
            }

            _clients[client] = window with { Used = window.Used + 1 };
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    private void Sweep(long now)
    {
        foreach (var (client, window) in _clients.ToList())
        {
            if (time.GetElapsedTime(window.Start, now) >= Window)
            {
                _clients.Remove(client);
            }
        }
    }
}
