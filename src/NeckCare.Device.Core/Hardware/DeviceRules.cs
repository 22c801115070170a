namespace NeckCare.Device.Core.Hardware;

/// <summary>
/// The massager's own safety rules (PROTOCOL.md section 4), the ones that hold whatever the controller
/// does: the firmware emulator obeys them, and so does the GPIO backend, because a Pi driving its own
/// pins is the device. One copy, pure functions, named numbers; a firmware author ports this file.
/// </summary>
public static class DeviceRules
{
    /// <summary>Readings outside 0–80 °C (or none at all) mean the sensor is not working.</summary>
    public const double MinPlausibleC = 0;

    public const double MaxPlausibleC = 80;

    /// <summary>No device may be told to allow more than this: the product's hard ceiling.</summary>
    public const double MaxCeilingC = 45.0;

    /// <summary>An over-temperature clears only once the reading is strictly this far below the ceiling.</summary>
    public const double ClearBelowCeilingC = 3.0;

    /// <summary>Everything off when no SetOutputs came for this long (agreed in Hello, clamped to the range).</summary>
    public const int DefaultWatchdogMs = 1000;

    public const int MinWatchdogMs = 100;

    public const int MaxWatchdogMs = 2000;

    /// <summary>The heater alone off when its command was not refreshed for this long.</summary>
    public const int DefaultHeaterHoldMs = 500;

    public const int MinHeaterHoldMs = 100;

    public const int MaxHeaterHoldMs = 1000;

    /// <summary>A fresh start (a Hello, or the GPIO backend opening its lines) releases these; physical causes stay latched.</summary>
    public const DeviceFaults ClearedByHello = DeviceFaults.WatchdogExpired | DeviceFaults.ButtonStop;

    /// <summary>Latched faults that hold the motor off.</summary>
    public const DeviceFaults StopMotor = DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired | DeviceFaults.MotorJam;

    /// <summary>Latched faults that hold the heater off.</summary>
    public const DeviceFaults StopHeat = DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired | DeviceFaults.OverTemperature | DeviceFaults.SensorFault;

    /// <summary>The watchdog a device applies when asked for <paramref name="askedMs"/>.</summary>
    public static int WatchdogMs(int askedMs) => Math.Clamp(askedMs, MinWatchdogMs, MaxWatchdogMs);

    /// <summary>The heater hold a device applies when asked for <paramref name="askedMs"/>.</summary>
    public static int HeaterHoldMs(int askedMs) => Math.Clamp(askedMs, MinHeaterHoldMs, MaxHeaterHoldMs);

    /// <summary>The ceiling a device applies when asked for <paramref name="askedC"/>: never above its own.</summary>
    public static double CeilingC(double askedC) => double.IsNaN(askedC) ? MaxCeilingC : Math.Min(askedC, MaxCeilingC);

    /// <summary>A reading outside the plausible range, or none at all: the sensor is not working.</summary>
    public static bool SensorFailed(double c) => double.IsNaN(c) || c < MinPlausibleC || c > MaxPlausibleC;

    /// <summary>At or above the ceiling the heater goes off at once and OverTemperature latches.</summary>
    public static bool AtCeiling(double c, double ceilingC) => c >= ceilingC;

    /// <summary>Whether an over-temperature may be cleared at this reading (NaN: no).</summary>
    public static bool OverTemperatureClears(double c, double ceilingC) => c < ceilingC - ClearBelowCeilingC;

    public static bool MotorAllowed(DeviceFaults latched) => (latched & StopMotor) == 0;

    public static bool HeatAllowed(DeviceFaults latched) => (latched & StopHeat) == 0;

    /// <summary>
    /// While the stop button's latch is set, only "everything off" is accepted: a command already on
    /// its way when the button was pressed cannot undo the press.
    /// </summary>
    public static bool OutputsAccepted(DeviceFaults latched, double motor, double heater) =>
        (latched & DeviceFaults.ButtonStop) == 0 || (motor == 0 && heater == 0);

    /// <summary>
    /// What ClearFaults clears at reading <paramref name="c"/> (NaN when the sensor is not working):
    /// the stop button's latch and a motor jam always (the motor is off), a sensor fault once the reading
    /// is plausible, an over-temperature once strictly <see cref="ClearBelowCeilingC"/> below the
    /// ceiling. Never WatchdogExpired: only a fresh start releases that.
    /// </summary>
    public static DeviceFaults Clearable(double c, double ceilingC)
    {
        const DeviceFaults always = DeviceFaults.ButtonStop | DeviceFaults.MotorJam;
        if (SensorFailed(c))
        {
            return always;
        }

        return OverTemperatureClears(c, ceilingC)
            ? always | DeviceFaults.SensorFault | DeviceFaults.OverTemperature
            : always | DeviceFaults.SensorFault;
    }
}
