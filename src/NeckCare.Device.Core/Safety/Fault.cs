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

    /// <summary>A control step threw: outputs off, latched; repeated failures end the process.</summary>
    ControllerError,

    /// <summary>The device's own temperature ceiling cut its heater.</summary>
    DeviceOverTemperature,

    /// <summary>The device found its temperature sensor open, shorted or unreadable.</summary>
    DeviceSensorFault,

    /// <summary>Readings stopped arriving while the link was damaging frames: the cable, not the sensor.</summary>
    LinkDegraded,

    /// <summary>The device refused the host's outputs several times in a row.</summary>
    DeviceRefused,
}

/// <summary>Which fault a person must see first when several are active.</summary>
public static class FaultRanking
{
    // Most severe and most specific first. A heater that will not switch off outranks everything (the
    // only remedy is the plug). A broken sensor outranks the temperatures read through it (a glitch to
    // 49 °C also trips the ceilings). A host reading that names the failure outranks the device's
    // generic bit for the same failure. A stalled loop explains the stale readings that follow from it.
    // A lost link says least about the massager itself.
    private static readonly FaultCode[] Order =
    [
        FaultCode.HeaterStuckOn,
        FaultCode.SensorOpen,
        FaultCode.SensorShorted,
        FaultCode.SensorImplausible,
        FaultCode.DeviceSensorFault,
        FaultCode.OverTemperature,
        FaultCode.DeviceOverTemperature,
        FaultCode.MotorJam,
        FaultCode.MotorStalled,
        FaultCode.ControlLoopStalled,
        FaultCode.ControllerError,
        FaultCode.LinkDegraded,
        FaultCode.SensorStale,
        FaultCode.HeatingTooSlow,
        FaultCode.HeatTimeExceeded,
        FaultCode.DeviceRefused,
        FaultCode.DeviceFault,
        FaultCode.LinkLost,
    ];


    /// <summary>0 is the fault to show first.</summary>
    public static int Rank(this FaultCode code)
    {
        var i = Array.IndexOf(Order, code);
        return i < 0 ? Order.Length : i;
    }

    /// <summary>True when <paramref name="code"/> should be shown instead of <paramref name="shown"/>.</summary>
    public static bool Outranks(this FaultCode code, FaultCode shown) => code.Rank() < shown.Rank();

    /// <summary>
    /// Faults of the temperature reading itself (the host's findings and the device's own sensor latch):
    /// the readings are not to be believed from the moment one latches, and acknowledging needs 5 s of
    /// steady ones after it.
    /// </summary>
    public static bool IsSensorFault(this FaultCode code) => code is FaultCode.SensorOpen or FaultCode.SensorShorted
        or FaultCode.SensorImplausible or FaultCode.SensorStale or FaultCode.LinkDegraded or FaultCode.DeviceSensorFault;

    /// <summary>Faults that leave the outputs beyond the controller's reach: the user must unplug.</summary>
    public static bool MeansOutputsOutOfControl(this FaultCode code) => code == FaultCode.HeaterStuckOn;
}
