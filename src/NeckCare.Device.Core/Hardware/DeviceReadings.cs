namespace NeckCare.Device.Core.Hardware;

/// <summary>One telemetry sample.</summary>
/// <param name="At">When the device took the sample (host clock).</param>
/// <param name="TemperatureC">Pad temperature; NaN when the sensor gave no number.</param>
/// <param name="MotorSpeed">Measured rotation as a fraction of full speed (0 = still).</param>
/// <param name="MotorCurrentA">Motor current in amperes.</param>
/// <param name="HeaterDuty">The heater duty the device is applying now.</param>
/// <param name="Faults">Faults the device itself has latched.</param>
public readonly record struct DeviceReadings(
    DateTimeOffset At,
    double TemperatureC,
    double MotorSpeed,
    double MotorCurrentA,
    double HeaterDuty,
    DeviceFaults Faults)
{
    public static DeviceReadings None => new(DateTimeOffset.MinValue, double.NaN, 0, 0, 0, DeviceFaults.None);
}

/// <summary>Faults a device detects on its own and reports in telemetry.</summary>
[Flags]
public enum DeviceFaults
{
    None = 0,
    OverTemperature = 1,
    WatchdogExpired = 2,
    MotorJam = 4,
    SensorFault = 8,
    ButtonStop = 16,
}
