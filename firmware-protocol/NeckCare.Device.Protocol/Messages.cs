namespace NeckCare.Device.Protocol;

/// <summary>Message type codes. Host → device below 0x80, device → host from 0x80.</summary>
public enum MessageType : byte
{
    Hello = 0x01,
    SetOutputs = 0x02,
    Ping = 0x03,
    StopAll = 0x04,
    ClearFaults = 0x05,
    Ack = 0x80,
    Identify = 0x81,
    Telemetry = 0x82,
    Event = 0x83,
}

/// <summary>A protocol message; field units are in the type (permille, deci- and centi-degrees, ms).</summary>
/// <remarks>Every message's public properties are kept in a trimmed (Native AOT) build: MessageText lists them.</remarks>
[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
public abstract record Message
{
    public abstract MessageType Type { get; }
}

/// <summary>Opens a session: versions and the safety settings the device must apply.</summary>
public sealed record Hello(byte ProtocolMajor, byte ProtocolMinor, ushort WatchdogMs, ushort CeilingDeciC, ushort HeaterHoldMs) : Message
{
    public override MessageType Type => MessageType.Hello;
}

/// <summary>Absolute output values, so a repeat is harmless. Also refreshes the heater's hold time.</summary>
public sealed record SetOutputs(ushort MotorPermille, byte Direction, ushort HeaterPermille) : Message
{
    public override MessageType Type => MessageType.SetOutputs;
}

public sealed record Ping : Message
{
    public override MessageType Type => MessageType.Ping;
}

public sealed record StopAll : Message
{
    public override MessageType Type => MessageType.StopAll;
}

public sealed record ClearFaults : Message
{
    public override MessageType Type => MessageType.ClearFaults;
}

public enum AckResult : byte
{
    Ok = 0,
    OutOfRange = 1,
    UnknownType = 2,
    NotReady = 3,
    Stale = 4,
}

public sealed record Ack(byte AckedSeq, AckResult Result) : Message
{
    public override MessageType Type => MessageType.Ack;
}

/// <summary>The device's answer to Hello: who it is, what it can do, and the settings it applied.</summary>
public sealed record Identify(
    byte AckedSeq, byte ProtocolMajor, byte ProtocolMinor, byte IntensityLevels, byte Capabilities, byte SensorType,
    ushort CeilingDeciC, ushort WatchdogMs, ushort HeaterHoldMs, string FirmwareVersion) : Message
{
    public const byte CapabilityHeater = 0x01;

    public override MessageType Type => MessageType.Identify;

    public bool HasHeater => (Capabilities & CapabilityHeater) != 0;
}

/// <summary>Sent every 100 ms, never acknowledged or resent: the next one supersedes it.</summary>
public sealed record Telemetry(
    uint UptimeMs, short TemperatureCentiC, byte SampleSeq, ushort MotorSpeedPermille, ushort MotorCurrentMilliA,
    ushort HeaterPermille, byte Faults, byte ButtonPresses) : Message
{
    /// <summary>TemperatureCentiC value meaning "no reading".</summary>
    public const short NoReading = short.MinValue;

    public override MessageType Type => MessageType.Telemetry;
}

public enum EventKind : byte
{
    ButtonStop = 1,
    Fault = 2,
    Boot = 3,
}

public sealed record DeviceEventMessage(EventKind Kind, byte Faults) : Message
{
    public override MessageType Type => MessageType.Event;
}

/// <summary>A decoded frame: the sender's sequence number and its message.</summary>
public readonly record struct Frame(byte Seq, Message Message);
