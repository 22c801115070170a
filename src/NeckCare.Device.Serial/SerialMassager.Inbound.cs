using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>What the host does with each frame from the device: telemetry, acknowledgements, events, refusals.</summary>
public sealed partial class SerialMassager
{
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
}
