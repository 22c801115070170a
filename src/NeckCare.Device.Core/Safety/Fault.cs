namespace NeckCare.Device.Core.Safety;

/// <summary>A latched fault: what, in words, and when.</summary>
public sealed record Fault(FaultCode Code, string Message, DateTimeOffset At);

/// <summary>Every reason the controller switches everything off and latches. Codes are part of the API.</summary>
public enum FaultCode
{
    OverTemperature,
    SensorOpen,
    SensorShorted,
    SensorImplausible,
    SensorStale,
    HeatingTooSlow,
    HeaterStuckOn,
    HeatTimeExceeded,
    MotorJam,
    MotorStalled,
    LinkLost,
    DeviceFault,
    ControlLoopStalled,
}
