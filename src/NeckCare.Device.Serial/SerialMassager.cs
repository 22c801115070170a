using System.Threading.Channels;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>
/// The massager behind a microcontroller, driven over the NeckCare wire protocol on any duplex byte
/// stream (a serial port, a pseudo-terminal, an in-memory link to the emulator).
/// <para>
/// Outputs die with the control loop: this class has no keepalive timer. A SetOutputs goes out only when
/// the controller calls <see cref="SetOutputs"/>, which it does only from a control tick that processed
/// a fresh reading; that frame is what feeds the device's watchdog and renews its heater hold. If the
/// loop hangs, or stops seeing new samples, the device switches its heater off after its hold time and
/// everything off at its watchdog. For the same reason SetOutputs is never retransmitted: the next
/// tick's outputs supersede a lost one. StopAll, ClearFaults and Hello are retransmitted (with an RTO
/// from measured round trips) until acknowledged, since repeating them is always safe.
/// </para>
/// Nothing heard for the link-loss time, a closed stream or a device reboot all end the link: the host
/// sees the device disconnected, and a later ConnectAsync handshakes afresh; nothing resumes on its own.
/// </summary>
public sealed partial class SerialMassager : IMassagerDevice
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Func<CancellationToken, ValueTask<Stream>> _openLink;
    private readonly SerialOptions _options;
    private readonly double _ceilingC;
    private readonly TimeProvider _time;
    private readonly TimeProvider _linkTime;
    private readonly Lock _gate = new();
    private readonly Channel<DeviceEvent> _events = Channel.CreateUnbounded<DeviceEvent>();
    private readonly RetransmitTimer _rto = new();
    private readonly TelemetryTracker _telemetry = new();

    private SerialLink? _link;
    private ITimer? _retransmit;
    private TaskCompletionSource<Identify>? _identify;
    private bool _connected;
    private byte _seq;
    private Inflight? _inflight;
    private bool _stopWanted;
    private bool _clearWanted;
    private SetOutputs? _outputsWanted;
    private long _reports;
    private int _refusedInARow;

    /// <summary>Refused outputs in a row that fault the session.</summary>
    public const int RefusalsBeforeFault = 3;

    private long _damagedWhenHeard;
    private long _lastHeard;
    private DecoderStats _lastDecoderStats = new();

    /// <param name="openLink">Opens the byte stream to the device; called on every connect.</param>
    /// <param name="ceilingC">The firmware temperature ceiling to ask for at handshake (≤ 45 °C).</param>
    /// <param name="time">Stamps events (the controller's clock).</param>
    /// <param name="linkTime">Drives retransmission, the handshake timeout and link-loss detection. Link
    /// liveness is about real communication, so a time-scaled simulation keeps it on the wall clock. Defaults to <paramref name="time"/>.</param>
    public SerialMassager(Func<CancellationToken, ValueTask<Stream>> openLink, SerialOptions options, double ceilingC, TimeProvider time, TimeProvider? linkTime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _openLink = openLink;
        _options = options;
        _ceilingC = Math.Min(ceilingC, ProtocolInfo.MaxCeilingDeciC / 10.0);
        _time = time;
        _linkTime = linkTime ?? time;
    }

    public DeviceInfo? Info { get; private set; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    public ChannelReader<DeviceEvent> Events => _events.Reader;

    public LinkStatistics Statistics { get; } = new();

    public DecoderStats DecoderStats
    {
        get
        {
            lock (_gate)
            {
                return _link?.DecoderStats ?? _lastDecoderStats;
            }
        }
    }

    public async ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        await DisconnectAsync(cancellationToken).ConfigureAwait(false);
        var stream = await _openLink(cancellationToken).ConfigureAwait(false);
        var identify = new TaskCompletionSource<Identify>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hello = new Hello(ProtocolInfo.Major, ProtocolInfo.Minor, (ushort)_options.WatchdogMilliseconds,
            (ushort)Math.Round(_ceilingC * 10), ProtocolInfo.DefaultHeaterHoldMs);
        lock (_gate)
        {
            _link = new SerialLink(stream, _gate, Statistics, OnFrame, LinkLost);
            _identify = identify;
            _inflight = null;
            _stopWanted = _clearWanted = false;
            _outputsWanted = null;
            _refusedInARow = 0;
            _telemetry.Reset();
            _reports = 0;
            _link.Start();
            SendNow(hello);
        }

        Identify id;
        try
        {
            id = await identify.Task.WaitAsync(HandshakeTimeout, _linkTime, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await DisconnectAsync(cancellationToken).ConfigureAwait(false);
            throw new IOException("The massager did not answer the handshake within 500 ms (is it powered, and is this the right port and baud rate?).");
        }

        if (HandshakeCheck.Problem(hello, id) is { } problem)
        {
            await DisconnectAsync(cancellationToken).ConfigureAwait(false);
            throw new IOException(problem);
        }

        lock (_gate)
        {
            Info = new DeviceInfo("NeckCare serial massager", id.FirmwareVersion, id.IntensityLevels, id.HasHeater,
                id.SensorType == 1 ? "NTC 10k B3950" : $"type {id.SensorType}", id.CeilingDeciC / 10.0);
            _lastHeard = _linkTime.GetTimestamp();
            _damagedWhenHeard = _link?.DecoderStats.Dropped ?? 0;
            _connected = true;
        }

        return Info;
    }

    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        Task reader;
        lock (_gate)
        {
            if (_link is not null && _connected)
            {
                _link.Send(++_seq, new StopAll()); // best effort: the device's watchdog covers a lost frame
            }

            reader = Teardown();
        }

        try
        {
            await reader.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The reader is stuck in a read that will end when the stream is gone; nothing to wait for.
        }
    }

    public void SetOutputs(OutputCommand outputs)
    {
        lock (_gate)
        {
            // Always sent, changed or not: this call is the control loop's proof of life.
            _outputsWanted = new SetOutputs(ToPermille(outputs.MotorSpeed),
                outputs.Direction == MotorDirection.Clockwise ? (byte)0 : (byte)1, ToPermille(outputs.HeaterDuty));
            Pump();
        }
    }

    public void StopAll()
    {
        lock (_gate)
        {
            _outputsWanted = null;
            if (!_connected)
            {
                return;
            }

            // The stop does not queue behind anything: it replaces whatever is in flight.
            _stopWanted = true;
            _inflight = null;
            Pump();
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _clearWanted = true;
            Pump();
        }
    }

    public DeviceReadings Read()
    {
        lock (_gate)
        {
            if (_connected && _linkTime.GetElapsedTime(_lastHeard) > TimeSpan.FromMilliseconds(_options.LinkLostMilliseconds))
            {
                // Silence and a line full of damaged frames end the same way; what to check differs.
                var damaged = (_link?.DecoderStats.Dropped ?? 0) - _damagedWhenHeard;
                LinkLost(damaged > 0
                    ? $"only damaged frames arrived for {_options.LinkLostMilliseconds} ms ({damaged} dropped); check the cable and its connectors"
                    : $"nothing heard from the device for {_options.LinkLostMilliseconds} ms");
            }

            return _telemetry.Readings with { LinkErrors = _link?.DecoderStats.Dropped ?? 0, Reports = _reports };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    private static ushort ToPermille(double fraction) =>
        double.IsNaN(fraction) ? (ushort)0 : (ushort)Math.Round(Math.Clamp(fraction, 0, 1) * 1000);

    private void LinkLost(string reason)
    {
        var wasConnected = _connected;
        _ = Teardown();
        _identify?.TrySetException(new IOException($"The link to the massager was lost: {reason}."));
        if (wasConnected)
        {
            Statistics.LinkLosses++;
            _events.Writer.TryWrite(new DeviceDisconnected(_time.GetUtcNow(), reason));
        }
    }

    /// <summary>Closes everything; returns the reader task to wait for (outside the lock).</summary>
    private Task Teardown()
    {
        _connected = false;
        Info = null;
        _inflight = null;
        _outputsWanted = null;
        _retransmit?.Dispose();
        _retransmit = null;
        var reader = Task.CompletedTask;
        if (_link is { } link)
        {
            _lastDecoderStats = link.DecoderStats;
            link.Close();
            reader = link.Reader;
            _link = null;
        }

        return reader;
    }

    private sealed record Inflight(byte Seq, MessageType Kind, byte[] Bytes, long FirstSentAt, long SentAt, int Retransmits);
}
