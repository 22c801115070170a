namespace NeckCare.Device.Host.Mqtt;

/// <summary>How the MQTT link is doing, for GET /api/v1/diagnostics/mqtt and the journal. Counters only grow.</summary>
public sealed class MqttHealth
{
    private long _malformed;
    private long _accepted;
    private long _refused;
    private long _rateLimited;
    private long _connects;

    public bool Enabled { get; internal set; }

    public bool Connected { get; internal set; }

    /// <summary>Why the last connection attempt failed or the link dropped (no secret is ever in it).</summary>
    public string? LastError { get; internal set; }

    public string? Broker { get; internal set; }

    public string? BaseTopic { get; internal set; }

    public long Malformed => Interlocked.Read(ref _malformed);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Successful connections since start (1 after the first; each reconnect adds one).</summary>
    public long Connects => Interlocked.Read(ref _connects);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountRefused() => Interlocked.Increment(ref _refused);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountConnect() => Interlocked.Increment(ref _connects);
}
