using System.Buffers.Binary;
using System.Text;

namespace NeckCare.Device.Protocol;

/// <summary>Payload layouts (little-endian). Parsing never throws: a payload of the wrong length is null.</summary>
public static class MessageCodec
{
    public const int FirmwareVersionLength = 8;

    /// <returns>Payload bytes written.</returns>
    public static int WritePayload(Message message, Span<byte> p)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case Hello m:
                p[0] = m.ProtocolMajor;
                p[1] = m.ProtocolMinor;
                BinaryPrimitives.WriteUInt16LittleEndian(p[2..], m.WatchdogMs);
                BinaryPrimitives.WriteUInt16LittleEndian(p[4..], m.CeilingDeciC);
                BinaryPrimitives.WriteUInt16LittleEndian(p[6..], m.HeaterHoldMs);
                return 8;
            case SetOutputs m:
                BinaryPrimitives.WriteUInt16LittleEndian(p, m.MotorPermille);
                p[2] = m.Direction;
                BinaryPrimitives.WriteUInt16LittleEndian(p[3..], m.HeaterPermille);
                return 5;
            case Ping or StopAll or ClearFaults:
                return 0;
            case Ack m:
                p[0] = m.AckedSeq;
                p[1] = (byte)m.Result;
                return 2;
            case Identify m:
                p[0] = m.AckedSeq;
                p[1] = m.ProtocolMajor;
                p[2] = m.ProtocolMinor;
                p[3] = m.IntensityLevels;
                p[4] = m.Capabilities;
                p[5] = m.SensorType;
                BinaryPrimitives.WriteUInt16LittleEndian(p[6..], m.CeilingDeciC);
                BinaryPrimitives.WriteUInt16LittleEndian(p[8..], m.WatchdogMs);
                BinaryPrimitives.WriteUInt16LittleEndian(p[10..], m.HeaterHoldMs);
                var version = p.Slice(12, FirmwareVersionLength);
                version.Clear();
                Encoding.ASCII.GetBytes(m.FirmwareVersion.AsSpan(0, Math.Min(FirmwareVersionLength, m.FirmwareVersion.Length)), version);
                return 12 + FirmwareVersionLength;
            case Telemetry m:
                BinaryPrimitives.WriteUInt32LittleEndian(p, m.UptimeMs);
                BinaryPrimitives.WriteInt16LittleEndian(p[4..], m.TemperatureCentiC);
                p[6] = m.SampleSeq;
                BinaryPrimitives.WriteUInt16LittleEndian(p[7..], m.MotorSpeedPermille);
                BinaryPrimitives.WriteUInt16LittleEndian(p[9..], m.MotorCurrentMilliA);
                BinaryPrimitives.WriteUInt16LittleEndian(p[11..], m.HeaterPermille);
                p[13] = m.Faults;
                p[14] = m.ButtonPresses;
                return 15;
            case DeviceEventMessage m:
                p[0] = (byte)m.Kind;
                p[1] = m.Faults;
                return 2;
            default:
                throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message));
        }
    }

    public static Message? ReadPayload(MessageType type, ReadOnlySpan<byte> p) => type switch
    {
        MessageType.Hello when p.Length == 8 => new Hello(p[0], p[1],
            BinaryPrimitives.ReadUInt16LittleEndian(p[2..]), BinaryPrimitives.ReadUInt16LittleEndian(p[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(p[6..])),
        MessageType.SetOutputs when p.Length == 5 => new SetOutputs(BinaryPrimitives.ReadUInt16LittleEndian(p), p[2],
            BinaryPrimitives.ReadUInt16LittleEndian(p[3..])),
        MessageType.Ping when p.IsEmpty => new Ping(),
        MessageType.StopAll when p.IsEmpty => new StopAll(),
        MessageType.ClearFaults when p.IsEmpty => new ClearFaults(),
        MessageType.Ack when p.Length == 2 && Enum.IsDefined((AckResult)p[1]) => new Ack(p[0], (AckResult)p[1]),
        MessageType.Identify when p.Length == 12 + FirmwareVersionLength => new Identify(p[0], p[1], p[2], p[3], p[4], p[5],
            BinaryPrimitives.ReadUInt16LittleEndian(p[6..]), BinaryPrimitives.ReadUInt16LittleEndian(p[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(p[10..]),
            Encoding.ASCII.GetString(p.Slice(12, FirmwareVersionLength)).TrimEnd('\0')),
        MessageType.Telemetry when p.Length == 15 => new Telemetry(BinaryPrimitives.ReadUInt32LittleEndian(p),
            BinaryPrimitives.ReadInt16LittleEndian(p[4..]), p[6], BinaryPrimitives.ReadUInt16LittleEndian(p[7..]),
            BinaryPrimitives.ReadUInt16LittleEndian(p[9..]), BinaryPrimitives.ReadUInt16LittleEndian(p[11..]), p[13], p[14]),
        MessageType.Event when p.Length == 2 && Enum.IsDefined((EventKind)p[0]) => new DeviceEventMessage((EventKind)p[0], p[1]),
        _ => null,
    };
}
