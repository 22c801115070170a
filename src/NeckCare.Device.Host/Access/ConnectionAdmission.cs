using System.Net;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// Who holds the service's connections, so that nobody without the credential can crowd out the owner's
/// Stop. A connection is <em>unproven</em> until one of its requests carried a valid credential. At most
/// <c>Api:MaxConnectionsPerAddress</c> come from one address; when all <c>Api:MaxConnections</c> are held,
/// a new connection takes the place of the oldest unproven one (an idle or slow-header connection from a
/// stranger), and only when every held connection has proven itself is the newcomer refused. Event
/// streams are counted apart (<c>Api:MaxEventStreams</c>, and a quarter of the per-address figure), so
/// streams never fill what commands need. One lock: a few hundred entries at most, touched per connection.
/// </summary>
/// <param name="proxies">Reverse proxies (Api:KnownProxies): each fronts many clients, so it is not held to the per-address cap.</param>
public sealed class ConnectionAdmission(int maxConnections, int maxPerAddress, int maxStreams, IReadOnlyCollection<IPAddress>? proxies = null)
{
    private readonly object _gate = new();
    private readonly LinkedList<Entry> _held = new(); // oldest first
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<IPAddress, int> _streamsPerAddress = [];
    private int _streams;

    /// <summary>The most event streams one address may hold.</summary>
    public int MaxStreamsPerAddress => Math.Max(1, maxPerAddress / 4);

    /// <summary>Admits a new connection, or says why not. <paramref name="evict"/> is called (outside the lock) for a connection it displaced.</summary>
    public Admitted? TryAdmit(IPAddress? address, Action abort, out string? refusal, out Action? evict)
    {
        var key = address ?? IPAddress.None;
        evict = null;
        lock (_gate)
        {
            if (_perAddress.GetValueOrDefault(key) >= maxPerAddress && proxies?.Contains(key) != true)
            {
                refusal = $"This address already holds {maxPerAddress} connections (Api:MaxConnectionsPerAddress); close some and try again.";
                return null;
            }

            if (_held.Count >= maxConnections)
            {
                var victim = _held.First;
                while (victim is not null && victim.Value.Proven)
                {
                    victim = victim.Next;
                }

                if (victim is null)
                {
                    refusal = $"All {maxConnections} connections (Api:MaxConnections) are in use by paired clients; try again shortly.";
                    return null;
                }

                RemoveLocked(victim.Value);
                evict = victim.Value.Abort;
            }

            var entry = new Entry(key, abort);
            entry.Node = _held.AddLast(entry);
            _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
            refusal = null;
            return new Admitted(this, entry);
        }
    }

    private void Prove(Entry entry)
    {
        lock (_gate)
        {
            entry.Proven = true;
        }
    }

    private bool TryOpenStream(Entry entry, out string? refusal)
    {
        lock (_gate)
        {
            if (_streams >= maxStreams)
            {
                refusal = $"{maxStreams} event streams are open (Api:MaxEventStreams); close one and try again.";
                return false;
            }

            if (_streamsPerAddress.GetValueOrDefault(entry.Address) >= MaxStreamsPerAddress)
            {
                refusal = $"This address already has {MaxStreamsPerAddress} event streams open; close one and try again.";
                return false;
            }

            _streams++;
            _streamsPerAddress[entry.Address] = _streamsPerAddress.GetValueOrDefault(entry.Address) + 1;
            entry.Streams++;
            refusal = null;
            return true;
        }
    }

    private void CloseStream(Entry entry)
    {
        lock (_gate)
        {
            if (entry.Streams == 0)
            {
                return;
            }

            entry.Streams--;
            _streams--;
            Decrement(_streamsPerAddress, entry.Address);
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            if (entry.Node is not null)
            {
                RemoveLocked(entry);
            }

            while (entry.Streams > 0)
            {
                entry.Streams--;
                _streams--;
                Decrement(_streamsPerAddress, entry.Address);
            }
        }
    }

    private void RemoveLocked(Entry entry)
    {
        _held.Remove(entry.Node!);
        entry.Node = null;
        Decrement(_perAddress, entry.Address);
    }

    private static void Decrement(Dictionary<IPAddress, int> counts, IPAddress key)
    {
        if (counts.TryGetValue(key, out var n) && n > 1)
        {
            counts[key] = n - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    internal sealed class Entry(IPAddress address, Action abort)
    {
        public IPAddress Address { get; } = address;

        public Action Abort { get; } = abort;

        public bool Proven { get; set; }

        public int Streams { get; set; }

        public LinkedListNode<Entry>? Node { get; set; }
    }

    /// <summary>One admitted connection's handle: proven by a credential, holding streams, released when it closes.</summary>
    public sealed class Admitted : IDisposable
    {
        private readonly ConnectionAdmission _owner;
        private readonly Entry _entry;

        internal Admitted(ConnectionAdmission owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        /// <summary>A request on this connection carried a valid credential: it is no longer displaced by newcomers.</summary>
        public void Prove() => _owner.Prove(_entry);

        /// <summary>Counts an event stream on this connection; false (with the reason) when the caps are reached.</summary>
        public bool TryOpenStream(out string? refusal) => _owner.TryOpenStream(_entry, out refusal);

        public void CloseStream() => _owner.CloseStream(_entry);

        public void Dispose() => _owner.Release(_entry);
    }
}
