using System.Threading.Channels;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>
/// The massager behind a microcontroller, driven over the NeckCare wire protocol on any duplex byte
/// stream (a serial port, a pseudo-terminal, an in-memory link to the emulator).
/// Commands are stop-and-wait: one in flight, acknowledged, retransmitted after a timeout derived from
/// measured round trips. Outputs are absolute values, so the latest wanted state simply replaces an
/// unsent one, and a retransmission is harmless. The outputs are re-sent every 100 ms, which keeps the
/// device's watchdog fed and its heater command from expiring. Nothing heard for 750 ms, a closed
/// stream or a device reboot all end the link: the host sees the device disconnected, and a later
/// ConnectAsync handshakes afresh — nothing resumes on its own.
/// </summary>
public sealed class SerialMassager : IMassagerDevice
{
    private static readonly TimeSpan KeepalivePeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Func<CancellationToken, ValueTask<Stream>> _openLink;
    private readonly SerialOptions _options;
    private readonly double _ceilingC;
    private readonly TimeProvider _time;
    private readonly TimeProvider _linkTime;
    private readonly Lock _gate = new();
    private readonly Channel<DeviceEvent> _events = Channel.CreateUnbounded<DeviceEvent>();
    private readonly FrameDecoder _decoder = new();
    private readonly byte[] _tx = new byte[ProtocolInfo.MaxEncodedLength + 1];
    private readonly RetransmitTimer _rto = new();

    private Stream? _link;
    private CancellationTokenSource? _readerStop;
    private Task _reader = Task.CompletedTask;
    private ITimer? _keepalive;
    private ITimer? _retransmit;
    private TaskCompletionSource<Identify>? _identify;
    private bool _connected;
    private byte _seq;
    private Inflight? _inflight;
    private bool _stopWanted;
    private bool _clearWanted;
    private bool _outputsDirty;
    private ushort _motor;
    private byte _direction;
    private ushort _heater;
    private long _lastSend;
    private long _lastHeard;
    private uint _lastUptime;
    private int _buttonSeen = -1;
    private int _sampleSeq = -1;
    private DateTimeOffset _uptimeAnchorUtc;
    private uint _uptimeAnchor;
    private DeviceReadings _readings = DeviceReadings.None;

    /// <param name="openLink">Opens the byte stream to the device; called on every connect.</param>
    /// <param name="ceilingC">The firmware temperature ceiling to ask for at handshake (≤ 45 °C).</param>
    /// <param name="time">Stamps readings and events (the controller's clock).</param>
    /// <param name="linkTime">Drives keepalive, retransmission and link-loss detection. Link liveness is
    /// about real communication, so a time-scaled simulation keeps it on the wall clock. Defaults to <paramref name="time"/>.</param>
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

    public DecoderStats DecoderStats => _decoder.Stats;

    public TimeSpan RetransmitTimeout => _rto.Timeout;

    /// <summary>Every SetOutputs this host put on the wire (for tests that check the device acted on nothing else).</summary>
    public HashSet<SetOutputs>? SentOutputsLog { get; set; }

    public async ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        await DisconnectAsync(cancellationToken).ConfigureAwait(false);
        var link = await _openLink(cancellationToken).ConfigureAwait(false);
        var identify = new TaskCompletionSource<Identify>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _link = link;
            _identify = identify;
            _inflight = null;
            _stopWanted = _clearWanted = _outputsDirty = false;
            _motor = _heater = 0;
            _buttonSeen = _sampleSeq = -1;
            _readings = DeviceReadings.None;
            _readerStop = new CancellationTokenSource();
            _reader = ReadLoopAsync(link, _readerStop.Token);
            SendNow(new Hello(ProtocolInfo.Major, ProtocolInfo.Minor, (ushort)_options.WatchdogMilliseconds,
                (ushort)Math.Round(_ceilingC * 10), ProtocolInfo.DefaultHeaterHoldMs));
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

        if (id.ProtocolMajor != ProtocolInfo.Major)
        {
            await DisconnectAsync(cancellationToken).ConfigureAwait(false);
            throw new IOException($"The massager speaks protocol {id.ProtocolMajor}.{id.ProtocolMinor}; this controller needs {ProtocolInfo.Major}.x.");
        }

        lock (_gate)
        {
            Info = new DeviceInfo("NeckCare serial massager", id.FirmwareVersion, id.IntensityLevels, id.HasHeater,
                id.SensorType == 1 ? "NTC 10k B3950" : $"type {id.SensorType}", id.CeilingDeciC / 10.0);
            _lastHeard = _linkTime.GetTimestamp();
            _connected = true;
            _keepalive = _linkTime.CreateTimer(_ => OnKeepalive(), null, KeepalivePeriod, KeepalivePeriod);
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
                SendNow(new StopAll()); // best effort: the device's watchdog covers a lost frame
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

    public void SetMotor(double speed, MotorDirection direction)
    {
        lock (_gate)
        {
            var permille = ToPermille(speed);
            var dir = direction == MotorDirection.Clockwise ? (byte)0 : (byte)1;
            if (permille != _motor || dir != _direction)
            {
                _motor = permille;
                _direction = dir;
                _outputsDirty = true;
                Pump();
            }
        }
    }

    public void SetHeater(double duty)
    {
        lock (_gate)
        {
            var permille = ToPermille(duty);
            if (permille != _heater)
            {
                _heater = permille;
                _outputsDirty = true;
                Pump();
            }
        }
    }

    public void StopAll()
    {
        lock (_gate)
        {
            _motor = _heater = 0;
            _outputsDirty = false;
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
            return _readings;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    /// <summary>Test hook: stop all timers and sending as if the process were killed, leaving the link open.</summary>
    internal void SimulateCrash()
    {
        lock (_gate)
        {
            _connected = false;
            _keepalive?.Dispose();
            _keepalive = null;
            _retransmit?.Dispose();
            _retransmit = null;
            _link = null; // stays open at the device's end: a crashed process does not close the cable
        }
    }

    private static ushort ToPermille(double fraction) =>
        double.IsNaN(fraction) ? (ushort)0 : (ushort)Math.Round(Math.Clamp(fraction, 0, 1) * 1000);

    private async Task ReadLoopAsync(Stream link, CancellationToken ct)
    {
        var buffer = new byte[512];
        string reason;
        try
        {
            while (true)
            {
                var n = await link.ReadAsync(buffer, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    reason = "the device closed the link";
                    break;
                }

                lock (_gate)
                {
                    Statistics.BytesReceived += n;
                    _decoder.Feed(buffer.AsSpan(0, n), OnFrame);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            reason = ex.Message;
        }

        lock (_gate)
        {
            LinkLost(reason);
        }
    }

    private void OnFrame(Frame frame)
    {
        // Any valid frame proves the link alive, not only telemetry: with 1 % of bytes corrupted a fifth
        // of telemetry frames are lost, and seven in a row would otherwise happen about once in ten
        // 15-minute sessions.
        _lastHeard = _linkTime.GetTimestamp();
        switch (frame.Message)
        {
            case Identify id when _identify is not null && id.AckedSeq == _inflight?.Seq:
                _inflight = null;
                _identify.TrySetResult(id);
                break;
            case Ack ack when _inflight is { } f && ack.AckedSeq == f.Seq:
                if (f.Retransmits == 0)
                {
                    _rto.Sample(_linkTime.GetElapsedTime(f.SentAt));
                }

                Statistics.Acks++;
                Statistics.RecordRoundTrip(_linkTime.GetElapsedTime(f.FirstSentAt));
                _inflight = null;
                Pump();
                break;
            case Telemetry t when _connected:
                OnTelemetry(t);
                break;
            case DeviceEventMessage { Kind: EventKind.ButtonStop } when _connected:
                _buttonSeen++;
                _events.Writer.TryWrite(new StopButtonPressed(_time.GetUtcNow()));
                break;
            case DeviceEventMessage { Kind: EventKind.Fault } e when _connected && ((DeviceFaults)e.Faults).HasFlag(DeviceFaults.WatchdogExpired):
                // The device stopped hearing from us and went safe; it needs a new handshake.
                LinkLost("the device's watchdog expired (it heard nothing valid from the controller in time)");
                break;
            case DeviceEventMessage { Kind: EventKind.Fault } e when _connected:
                _events.Writer.TryWrite(new DeviceReportedFault(_time.GetUtcNow(), (DeviceFaults)e.Faults, $"device fault {(DeviceFaults)e.Faults}"));
                break;
            case DeviceEventMessage { Kind: EventKind.Boot } when _connected:
                LinkLost("the device restarted");
                break;
        }
    }

    private void OnTelemetry(Telemetry t)
    {
        if (t.UptimeMs < _lastUptime && _sampleSeq >= 0)
        {
            LinkLost("the device restarted (its uptime went back)");
            return;
        }

        _lastUptime = t.UptimeMs;
        Statistics.Telemetry++;

        // A lost button event is recovered from the press counter carried by every telemetry frame.
        if (_buttonSeen < 0)
        {
            _buttonSeen = t.ButtonPresses;
        }
        else if ((byte)(t.ButtonPresses - _buttonSeen) is > 0 and < 128)
        {
            _buttonSeen = t.ButtonPresses;
            _events.Writer.TryWrite(new StopButtonPressed(_time.GetUtcNow()));
        }

        // A sample is stamped with the device's own clock (its uptime, anchored to the host clock at the
        // first telemetry), not with when it happened to arrive: serial buffering can deliver two samples
        // a millisecond apart, which would look like an impossibly fast temperature change. A device
        // whose sensor stalls keeps sending the same sample number, so the stamp stops moving and the
        // host's stale-reading guard sees its age grow.
        if (_sampleSeq < 0)
        {
            _uptimeAnchor = t.UptimeMs;
            _uptimeAnchorUtc = _time.GetUtcNow();
        }

        var at = _readings.At;
        if (t.SampleSeq != _sampleSeq)
        {
            _sampleSeq = t.SampleSeq;
            var deviceTime = _uptimeAnchorUtc + TimeSpan.FromMilliseconds(t.UptimeMs - _uptimeAnchor);
            var now = _time.GetUtcNow();
            at = deviceTime > now ? now : deviceTime; // never in the host's future
        }

        _readings = new DeviceReadings(
            at,
            t.TemperatureCentiC == Telemetry.NoReading ? double.NaN : t.TemperatureCentiC / 100.0,
            t.MotorSpeedPermille / 1000.0,
            t.MotorCurrentMilliA / 1000.0,
            t.HeaterPermille / 1000.0,
            (DeviceFaults)t.Faults);
    }

    private void OnKeepalive()
    {
        lock (_gate)
        {
            if (!_connected)
            {
                return;
            }

            if (_linkTime.GetElapsedTime(_lastHeard) > TimeSpan.FromMilliseconds(_options.LinkLostMilliseconds))
            {
                LinkLost($"nothing heard from the device for {_options.LinkLostMilliseconds} ms");
                return;
            }

            // With the timer at the same period a refresh goes out at most 200 ms after the last frame,
            // inside the 250 ms the protocol allows.
            if (_linkTime.GetElapsedTime(_lastSend) >= KeepalivePeriod * 0.9)
            {
                _outputsDirty = true; // refresh: feeds the watchdog and renews the heater's hold time
                Pump();
            }
        }
    }

    /// <summary>
    /// Sends the next command: a stop first, then fault clearing, then outputs. Only one command is in
    /// flight, but new outputs (or the 100 ms refresh) supersede unacknowledged outputs instead of
    /// queueing behind them: the values are absolute, so the newest is all that matters, and the device
    /// keeps hearing from the host even while acks are being lost.
    /// </summary>
    private void Pump()
    {
        if (!_connected || _link is null)
        {
            return;
        }

        var supersedable = _inflight is { Kind: MessageType.SetOutputs or MessageType.StopAll } && _outputsDirty && !_stopWanted && !_clearWanted;
        if (_inflight is not null && !supersedable)
        {
            return;
        }

        if (supersedable)
        {
            Statistics.Superseded++;
        }

        if (_stopWanted)
        {
            _stopWanted = false;
            SendNow(new StopAll());
        }
        else if (_clearWanted)
        {
            _clearWanted = false;
            SendNow(new ClearFaults());
        }
        else if (_outputsDirty)
        {
            _outputsDirty = false;
            var outputs = new SetOutputs(_motor, _direction, _heater);
            SentOutputsLog?.Add(outputs);
            SendNow(outputs);
        }
    }

    private void SendNow(Message message)
    {
        var seq = ++_seq;
        var n = FrameEncoder.EncodeForWire(seq, message, _tx);
        var now = _linkTime.GetTimestamp();
        _inflight = new Inflight(seq, message.Type, _tx[..n], now, now, 0);
        Write(_inflight.Bytes);
        ArmRetransmit();
    }

    private void ArmRetransmit()
    {
        _retransmit ??= _linkTime.CreateTimer(_ => OnRetransmitDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retransmit.Change(_rto.Timeout, Timeout.InfiniteTimeSpan);
    }

    private void OnRetransmitDue()
    {
        lock (_gate)
        {
            if (_inflight is not { } f || _link is null)
            {
                return;
            }

            _rto.Backoff();
            Statistics.Retransmits++;
            _inflight = f with { SentAt = _linkTime.GetTimestamp(), Retransmits = f.Retransmits + 1 };
            Write(f.Bytes);
            ArmRetransmit();
        }
    }

    private void Write(byte[] bytes)
    {
        try
        {
            _link?.Write(bytes);
            _lastSend = _linkTime.GetTimestamp();
            Statistics.BytesSent += bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            LinkLost(ex.Message);
        }
    }

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
        _keepalive?.Dispose();
        _keepalive = null;
        _retransmit?.Dispose();
        _retransmit = null;
        _readerStop?.Cancel();
        _readerStop?.Dispose();
        _readerStop = null;
        _link?.Dispose();
        _link = null;
        return _reader;
    }

    private sealed record Inflight(byte Seq, MessageType Kind, byte[] Bytes, long FirstSentAt, long SentAt, int Retransmits);
}

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
