namespace NeckCare.Device.Core.Hardware;

/// <summary>One telemetry sample, as the device took it.</summary>
/// <param name="Sample">The device's own sample counter: it moves only when the sensor produced a new
/// sample. A backend passes on what the device counted, never a count of its own, so a hung sensor
/// shows as a counter that stops and the stale-reading guard sees it.</param>
/// <param name="SampledAt">When the device took the sample, on the device's own clock (time since it booted).</param>
/// <param name="TemperatureC">Pad temperature; NaN when the sensor gave no number.</param>
/// <param name="MotorSpeed">Measured rotation as a fraction of full speed (0 = still).</param>
/// <param name="MotorCurrentA">Motor current in amperes.</param>
/// <param name="HeaterDuty">The heater duty the device is applying now.</param>
/// <param name="Faults">Faults the device itself has latched.</param>
/// <param name="LinkErrors">Frames the backend received damaged and dropped since it connected (0 for a
/// backend without a link). Samples that stop arriving while this climbs were lost on the link, not in
/// the sensor, and the fault says so.</param>
/// <param name="Reports">Reports (telemetry frames) the backend received since it connected, or −1 for a
/// backend that does not count them. A sample number that stands still while reports keep arriving is a
/// stalled sensor; no reports at all is the link's or the host's trouble, never the sensor's.</param>
public readonly record struct DeviceReadings(
    long Sample,
    TimeSpan SampledAt,
    double TemperatureC,
    double MotorSpeed,
    double MotorCurrentA,
    double HeaterDuty,
    DeviceFaults Faults,
    long LinkErrors = 0,
    long Reports = -1)
{
    /// <summary>Before the first sample: sample −1, no temperature.</summary>
    public static DeviceReadings None => new(-1, TimeSpan.Zero, double.NaN, 0, 0, 0, DeviceFaults.None);

    public bool HasSample => Sample >= 0;
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
