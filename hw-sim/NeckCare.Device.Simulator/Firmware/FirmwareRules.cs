using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>
/// The device-side safety rules of PROTOCOL.md section 4, as pure functions: what a firmware author
/// implements, in one place, separate from the emulator's serving and timing.
/// </summary>
public static class FirmwareRules
{
    /// <summary>The settings a device applies from a Hello: clamped to its own limits, never looser than asked.</summary>
    public static (ushort WatchdogMs, ushort CeilingDeciC, ushort HeaterHoldMs) Apply(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return (Math.Clamp(hello.WatchdogMs, (ushort)100, ProtocolInfo.MaxWatchdogMs),
            Math.Min(hello.CeilingDeciC, ProtocolInfo.MaxCeilingDeciC),
            Math.Clamp(hello.HeaterHoldMs, (ushort)100, (ushort)1000));
    }

    /// <summary>A reading below 0 °C, above 80 °C or none at all: the sensor is not working.</summary>
    public static bool SensorFailed(double c) => double.IsNaN(c) || c < 0 || c > 80;

    /// <summary>At or above the ceiling the heater goes off at once and OverTemperature latches.</summary>
    public static bool AtCeiling(double c, ushort ceilingDeciC) => c * 10 >= ceilingDeciC;

    /// <summary>A SetOutputs field out of range is answered OutOfRange and changes nothing.</summary>
    public static AckResult Check(SetOutputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.MotorPermille > ProtocolInfo.MaxPermille || o.HeaterPermille > ProtocolInfo.MaxPermille || o.Direction > 1
            ? AckResult.OutOfRange
            : AckResult.Ok;
    }

    /// <summary>
    /// While the stop button's latch is set, only "everything off" is accepted: a command that was
    /// already on the wire when the button was pressed cannot undo the press. ClearFaults (the host has
    /// ended the session) or a Hello releases it.
    /// </summary>
    public static bool OutputsAllowed(DeviceFaults latched, SetOutputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return (latched & DeviceFaults.ButtonStop) == 0 || (o.MotorPermille == 0 && o.HeaterPermille == 0);
    }

    /// <summary>A Hello starts afresh: the watchdog's latch and the stop button's go; physical causes stay.</summary>
    public const DeviceFaults ClearedByHello = DeviceFaults.WatchdogExpired | DeviceFaults.ButtonStop;

    /// <summary>Heat is refused while an over-temperature or sensor fault is latched.</summary>
    public static bool HeatAllowed(DeviceFaults latched) =>
        (latched & (DeviceFaults.OverTemperature | DeviceFaults.SensorFault)) == 0;

    /// <summary>
    /// What ClearFaults clears: the stop button's latch always, a motor jam always (the motor is off), a
    /// sensor fault once the reading is plausible, an over-temperature once strictly more than 3 °C below
    /// the ceiling. WatchdogExpired is cleared only by a Hello.
    /// </summary>
    public static DeviceFaults Clearable(double c, ushort ceilingDeciC)
    {
        const DeviceFaults always = DeviceFaults.ButtonStop | DeviceFaults.MotorJam;
        if (SensorFailed(c))
        {
            return always;
        }

        return c * 10 < ceilingDeciC - 30
            ? always | DeviceFaults.SensorFault | DeviceFaults.OverTemperature
            : always | DeviceFaults.SensorFault;
    }
}
