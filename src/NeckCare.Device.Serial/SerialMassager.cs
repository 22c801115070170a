using System.Globalization;
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
public sealed class SerialMassager : IMassagerDevice
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

    private void OnFrame(Frame frame)
    {
        // Any valid frame proves the link alive, not only telemetry: with 1 % of bytes corrupted a fifth
        // of telemetry frames are lost, and seven in a row would otherwise happen about once in ten
        // 15-minute sessions.
        _lastHeard = _linkTime.GetTimestamp();
        _damagedWhenHeard = _link?.DecoderStats.Dropped ?? 0;
        switch (frame.Message)
        {
            case Identify id when _identify is not null && id.AckedSeq == _inflight?.Seq:
                Acknowledged();
                _identify.TrySetResult(id);
                break;
            case Ack ack when _identify is not null && _inflight is { Kind: MessageType.Hello } hello && ack.AckedSeq == hello.Seq:
                // A device that answers the handshake with a refusal, not Identify (older firmware on
                // another major version): say so now instead of waiting for the timeout.
                Acknowledged();
                _identify.TrySetException(new IOException(string.Create(CultureInfo.InvariantCulture,
                    $"The massager refused the handshake ({ack.Result}); it may speak a protocol other than {ProtocolInfo.Major}.x.")));
                break;
            case Ack ack when _inflight is { } f && ack.AckedSeq == f.Seq:
                CountRefusals(f.Kind, ack.Result);
                if (f.Retransmits == 0)
                {
                    _rto.Sample(_linkTime.GetElapsedTime(f.SentAt));
                }

                Statistics.Acks++;
                if (ack.Result != AckResult.Ok)
                {
                    Statistics.Refused++;
                }

                Statistics.RecordRoundTrip(_linkTime.GetElapsedTime(f.FirstSentAt));
                Acknowledged();
                Pump();
                break;
            case Telemetry t when _connected:
                Statistics.Telemetry++;
                _reports++;
                if (_telemetry.Accept(t, out var pressed) is { } restarted)
                {
                    LinkLost(restarted);
                }
                else if (pressed)
                {
                    _events.Writer.TryWrite(new StopButtonPressed(_time.GetUtcNow()));
                }

                break;
            case DeviceEventMessage { Kind: EventKind.ButtonStop } when _connected:
                _telemetry.ButtonEventSeen();
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

    /// <summary>
    /// Outputs the device refuses (NotReady, OutOfRange) mean host and device disagree about the state
    /// of things; a few in a row are reported so the session faults instead of carrying on blind. One or
    /// two are normal: a SetOutputs already on the wire when the stop button was pressed is refused.
    /// </summary>
    private void CountRefusals(MessageType kind, AckResult result)
    {
        if (kind != MessageType.SetOutputs)
        {
            return;
        }

        _refusedInARow = result == AckResult.Ok ? 0 : _refusedInARow + 1;
        if (_refusedInARow == RefusalsBeforeFault)
        {
            _events.Writer.TryWrite(new OutputsRefused(_time.GetUtcNow(), RefusalsBeforeFault, result.ToString()));
        }
    }

    /// <summary>The command in flight was answered: nothing to retransmit.</summary>
    private void Acknowledged()
    {
        _inflight = null;
        _retransmit?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Sends the next command: a stop first, then fault clearing, then outputs. Only one command is in
    /// flight, but new outputs supersede unacknowledged outputs (or a stop) instead of queueing behind
    /// them: the values are absolute, so the newest is all that matters.
    /// </summary>
    private void Pump()
    {
        if (!_connected || _link is null)
        {
            return;
        }

        var supersedable = _inflight is { Kind: MessageType.SetOutputs or MessageType.StopAll } && _outputsWanted is not null && !_stopWanted && !_clearWanted;
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
        else if (_outputsWanted is { } outputs)
        {
            _outputsWanted = null;
            SendNow(outputs);
        }
    }

    private void SendNow(Message message)
    {
        var seq = ++_seq;
        var bytes = _link!.Send(seq, message);
        var now = _linkTime.GetTimestamp();
        _inflight = new Inflight(seq, message.Type, bytes, now, now, 0);
        if (message.Type != MessageType.SetOutputs)
        {
            ArmRetransmit();
        }
        else
        {
            // Outputs that superseded a stop in flight: that stop's timer would only wake to find nothing to do.
            _retransmit?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
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
            // Only commands that are safe to repeat from a timer: never SetOutputs.
            if (_inflight is not { Kind: not MessageType.SetOutputs } f || _link is null)
            {
                return;
            }

            _rto.Backoff();
            Statistics.Retransmits++;
            _inflight = f with { SentAt = _linkTime.GetTimestamp(), Retransmits = f.Retransmits + 1 };
            _link.Write(f.Bytes);
            ArmRetransmit();
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
