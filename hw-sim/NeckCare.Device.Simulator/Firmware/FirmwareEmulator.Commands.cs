using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>What the emulator does with each frame from the host: the handshake and the commands, under the device's rules.</summary>
public sealed partial class FirmwareEmulator
{
    private void OnFrame(Frame frame)
    {
        _lastValidFrame = _linkTime.GetTimestamp(); // any valid frame feeds the watchdog
        if (frame.Message is Hello hello)
        {
            Handshake(frame.Seq, hello);
            return;
        }

        switch (_duplicates.Judge(frame.Seq))
        {
            case DuplicateFilter.Verdict.Repeat:
                Send(new Ack(frame.Seq, _duplicates.LastResult)); // a retransmission: answer again, do not act again
                return;
            case DuplicateFilter.Verdict.Stale:
                Send(new Ack(frame.Seq, AckResult.Stale));
                return;
        }

        var result = Apply(frame.Message);
        _duplicates.Applied(frame.Seq, result);
        CommandApplied?.Invoke(frame.Message);
        Send(new Ack(frame.Seq, result));
    }

    private void Handshake(byte seq, Hello hello)
    {
        SafeState();
        if (hello.ProtocolMajor != ProtocolInfo.Major)
        {
            // Its own version, no settings applied, and it stays safe: the host names both versions.
            _ready = false;
            Send(new Identify(seq, ProtocolInfo.Major, ProtocolInfo.Minor, (byte)_levels, Identify.CapabilityHeater, 1,
                0, 0, 0, FirmwareVersion));
            return;
        }

        (_watchdogMs, _ceilingDeciC, _heaterHoldMs) = FirmwareRules.Apply(hello);
        _faults &= ~DeviceRules.ClearedByHello;
        _ready = true;
        _duplicates.Applied(seq, AckResult.Ok);
        Send(new Identify(seq, ProtocolInfo.Major, ProtocolInfo.Minor, (byte)_levels, Identify.CapabilityHeater, 1,
            _ceilingDeciC, _watchdogMs, _heaterHoldMs, FirmwareVersion));
    }

    private AckResult Apply(Message message)
    {
        switch (message)
        {
            case SetOutputs o:
                if (!_ready)
                {
                    return AckResult.NotReady;
                }

                if (_refuseOutputsWith is { } forced)
                {
                    return forced;
                }

                if (FirmwareRules.Check(o) != AckResult.Ok)
                {
                    return AckResult.OutOfRange;
                }

                if (!DeviceRules.OutputsAccepted(_faults, o.MotorPermille, o.HeaterPermille))
                {
                    return AckResult.NotReady; // the stop button was pressed: only "off" until the host acknowledges
                }

                Physics.MotorCommand = DeviceRules.MotorAllowed(_faults) ? o.MotorPermille / 1000.0 : 0;
                Physics.Direction = o.Direction == 0 ? MotorDirection.Clockwise : MotorDirection.CounterClockwise;
                Physics.HeaterCommand = DeviceRules.HeatAllowed(_faults) ? o.HeaterPermille / 1000.0 : 0;
                _heaterRefreshed = _linkTime.GetTimestamp();
                return AckResult.Ok;
            case StopAll:
                SafeState();
                return AckResult.Ok;
            case ClearFaults:
                ClearCleared();
                return AckResult.Ok;
            case Ping:
                return AckResult.Ok;
            default:
                return AckResult.UnknownType; // includes device→host types echoed back: never acted on
        }
    }

    private void ClearCleared() => _faults &= ~DeviceRules.Clearable(Physics.SampleC, FirmwareRules.CeilingC(_ceilingDeciC));

    private void SafeState()
    {
        Physics.MotorCommand = 0;
        Physics.HeaterCommand = 0;
    }
}
