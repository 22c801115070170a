namespace NeckCare.Device.Host.Access;

/// <summary>
/// Wrong credentials per client: after <c>Api:MaxFailedAttempts</c> in a row the client is locked out
/// for 30 s, doubling with each further lockout up to 15 minutes; a right credential clears the count.
/// Missing credentials are not counted (a page that has not paired yet is not guessing). At most
/// <see cref="MaxClients"/> clients are tracked, so a flood of addresses cannot exhaust memory. Lockouts
/// are measured on the monotonic clock: a wall clock that jumps (a Pi without a real-time clock gets its
/// time from NTP after boot) neither lengthens nor ends one.
/// </summary>
public sealed class FailedAttempts(int maxFailedAttempts, TimeProvider time)
{
    public const int MaxClients = 1024;
    public static readonly TimeSpan FirstLockout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestLockout = TimeSpan.FromMinutes(15);

    private readonly object _gate = new();
    private readonly long _origin = time.GetTimestamp();
    private readonly Dictionary<string, Record> _clients = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="client"/> must still wait; null when it may try.</summary>
    public TimeSpan? LockedFor(string client)
    {
        lock (_gate)
        {
            var now = time.GetElapsedTime(_origin);
            return _clients.TryGetValue(client, out var r) && r.LockedUntil is { } until && until > now ? until - now : null;
        }
    }

    /// <summary>Counts a wrong credential; returns the lockout it started, if any.</summary>
    public TimeSpan? Failed(string client)
    {
        lock (_gate)
        {
            var now = time.GetElapsedTime(_origin);
            if (!_clients.TryGetValue(client, out var r))
            {
                if (_clients.Count >= MaxClients)
                {
                    Evict(now);
                }

                r = new Record();
                _clients[client] = r;
            }

            r.LastFailure = now;
            if (++r.Failures < maxFailedAttempts)
            {
                return null;
            }

            // The lockout doubles with each one in a row: 30 s, 1 min, 2 min, … up to 15 min.
            var lockout = TimeSpan.FromTicks(Math.Min(LongestLockout.Ticks, FirstLockout.Ticks << Math.Min(r.Lockouts, 10)));
            r.Lockouts++;
            r.Failures = 0;
            r.LockedUntil = now + lockout;
            return lockout;
        }
    }

    public void Succeeded(string client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }

    /// <summary>Drops clients no longer locked out, oldest failure first; if all are locked out, the oldest.</summary>
    private void Evict(TimeSpan now)
    {
        var idle = _clients.Where(c => c.Value.LockedUntil is not { } u || u <= now).Select(c => c.Key).ToList();
        foreach (var key in idle)
        {
            _clients.Remove(key);
        }

        if (_clients.Count >= MaxClients)
        {
            _clients.Remove(_clients.MinBy(c => c.Value.LastFailure).Key);
        }
    }

    private sealed class Record
    {
        public int Failures { get; set; }

        public int Lockouts { get; set; }

        public TimeSpan? LockedUntil { get; set; }

        public TimeSpan LastFailure { get; set; }
    }
}
