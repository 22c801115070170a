namespace NeckCare.Device.Serial;

/// <summary>Counters of the link, for diagnostics and benchmarks.</summary>
public sealed class LinkStatistics
{
    private readonly Queue<double> _roundTrips = new();

    public long BytesSent { get; set; }
    public long BytesReceived { get; set; }
    public long Acks { get; set; }
    public long Retransmits { get; set; }
    public long Superseded { get; set; }
    public long Telemetry { get; set; }
    public long LinkLosses { get; set; }

    /// <summary>Commands the device refused (NotReady, OutOfRange, UnknownType, Stale), by result.</summary>
    public long Refused { get; set; }

    /// <summary>Command → acknowledgement times (first send to ack), in milliseconds; the last 10 000.</summary>
    public IReadOnlyCollection<double> RoundTripsMs => _roundTrips;

    internal void RecordRoundTrip(TimeSpan t)
    {
        if (_roundTrips.Count >= 10_000)
        {
            _roundTrips.Dequeue();
        }

        _roundTrips.Enqueue(t.TotalMilliseconds);
    }
}
