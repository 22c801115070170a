using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Control;

/// <summary>What the device's own fault bits mean to the person wearing it.</summary>
internal static class DeviceFaultTranslation
{
    /// <summary>Faults the device latched, less the button (a stop, not a fault) and the watchdog (the host's link check covers it).</summary>
    public static DeviceFaults Reportable(DeviceFaults faults) =>
        faults & ~(DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired);

    /// <summary>What the device still holds that must block a start: its faults, and a stop-button press it has not released yet.</summary>
    public static DeviceFaults BlockingStart(DeviceFaults faults) => faults & ~DeviceFaults.WatchdogExpired;

    public static IEnumerable<Trip> ToTrips(DeviceFaults faults)
    {
        if (faults.HasFlag(DeviceFaults.OverTemperature))
        {
            yield return new Trip(FaultCode.DeviceOverTemperature,
                "The massager's own temperature cut-off switched its heater off; everything has been switched off. Let the pad cool.");
        }

        if (faults.HasFlag(DeviceFaults.SensorFault))
        {
            yield return new Trip(FaultCode.DeviceSensorFault,
                "The massager reports that its temperature sensor is not working; everything has been switched off.");
        }

        if (faults.HasFlag(DeviceFaults.MotorJam))
        {
            yield return new Trip(FaultCode.MotorJam,
                "The massager reports that its massage heads are blocked; the motor was stopped. Check that nothing is caught before you acknowledge.");
        }

        var unknown = faults & ~(DeviceFaults.OverTemperature | DeviceFaults.SensorFault | DeviceFaults.MotorJam);
        if (unknown != DeviceFaults.None)
        {
            yield return new Trip(FaultCode.DeviceFault, $"The massager reported a fault ({unknown}); everything has been switched off.");
        }
    }

    /// <summary>Null when the device no longer reports the cause of <paramref name="code"/>.</summary>
    public static string? StillReported(FaultCode code, DeviceFaults faults) => code switch
    {
        FaultCode.DeviceFault when (Reportable(faults) & ~(DeviceFaults.OverTemperature | DeviceFaults.SensorFault | DeviceFaults.MotorJam)) != DeviceFaults.None
            => "the massager still reports a fault.",
        _ => null,
    };
}
