using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>What goes out: one command in flight at a time, newest outputs first, retransmitted on its timer.</summary>
public sealed partial class SerialMassager
{
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
}
