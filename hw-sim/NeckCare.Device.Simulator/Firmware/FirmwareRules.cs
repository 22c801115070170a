using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>
/// <see cref="DeviceRules"/> in the wire's units (deci-°C, permille): the emulator's only way to the
/// device's safety rules. Nothing here decides anything the rules do not.
/// </summary>
public static class FirmwareRules
{
    /// <summary>The settings a device applies from a Hello: clamped to its own limits, never looser than asked.</summary>
    public static (ushort WatchdogMs, ushort CeilingDeciC, ushort HeaterHoldMs) Apply(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return ((ushort)DeviceRules.WatchdogMs(hello.WatchdogMs),
            (ushort)Math.Round(DeviceRules.CeilingC(hello.CeilingDeciC / 10.0) * 10),
            (ushort)DeviceRules.HeaterHoldMs(hello.HeaterHoldMs));
    }

    /// <summary>A SetOutputs field out of range is answered OutOfRange and changes nothing.</summary>
    public static AckResult Check(SetOutputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.MotorPermille > ProtocolInfo.MaxPermille || o.HeaterPermille > ProtocolInfo.MaxPermille || o.Direction > 1
            ? AckResult.OutOfRange
            : AckResult.Ok;
    }

    public static double CeilingC(ushort ceilingDeciC) => ceilingDeciC / 10.0;
}
