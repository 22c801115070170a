using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// The guards every control tick runs, in order, over what the device reported and what the host
/// commanded on the previous tick. Each guard judges on its own, so a tick that sees several causes
/// reports all of them; the session's fault record keeps them and shows the most severe.
/// </summary>
internal sealed class SafetyPipeline(ThermalGuard thermal, MotorGuard motor)
{
    private DeviceFaults _known;

    public ThermalGuard Thermal => thermal;

    public MotorGuard Motor => motor;

    /// <summary>A device has just connected: watch afresh.</summary>
    public void Reset(TimeSpan now)
    {
        thermal.Reset(now);
        motor.Reset();
        _known = DeviceFaults.None;
    }

    /// <param name="commanded">What the host commanded on the previous tick.</param>
    /// <param name="targetC">The regulated target while heat runs; otherwise null.</param>
    /// <param name="loopGap">How long since the previous tick, while a session exists (else zero).</param>
    public List<Trip> Check(in DeviceReadings readings, OutputCommand commanded, double? targetC, TimeSpan now, TimeSpan loopGap)
    {
        var trips = new List<Trip>(2);
        if (loopGap > SafetyLimits.ControlLoopStallAfter)
        {
            trips.Add(new Trip(FaultCode.ControlLoopStalled,
                "The controller was held up for too long; everything has been switched off."));
        }

        if (thermal.Check(readings, commanded.HeaterDuty, targetC, now) is { } heat)
        {
            trips.Add(heat);
        }

        if (motor.Check(readings, commanded.MotorSpeed, now) is { } jam)
        {
            trips.Add(jam);
        }

        // Device faults trip when they appear; a latch the device keeps after the user acknowledged
        // does not trip again, but it does block the next start (a guard of the table).
        var reported = DeviceFaultTranslation.Reportable(readings.Faults);
        var fresh = reported & ~_known;
        _known = reported;
        trips.AddRange(DeviceFaultTranslation.ToTrips(fresh));
        return trips;
    }

    /// <summary>
    /// A fault latched (whoever found it): from now on the pad may only cool after a heat fault, and the
    /// readings are not believed after a sensor fault until they have been steady again.
    /// </summary>
    public void Latched(FaultCode code, TimeSpan now)
    {
        if (code is FaultCode.OverTemperature or FaultCode.DeviceOverTemperature or FaultCode.HeatingTooSlow
            or FaultCode.HeatTimeExceeded or FaultCode.HeaterStuckOn)
        {
            thermal.HeatFaultLatched(now);
        }

        if (code.IsSensorFault())
        {
            thermal.SensorFaultLatched(now);
        }
    }

    /// <summary>Null when the cause of <paramref name="code"/> has gone; otherwise why not, in words for a person.</summary>
    /// <param name="device">The device now: a cause cannot be judged on one that is away.</param>
    /// <param name="readings">The readings the last tick judged.</param>
    public string? StillPresent(FaultCode code, IMassagerDevice device, in DeviceReadings readings, TimeSpan now)
    {
        if (!device.IsConnected)
        {
            return code == FaultCode.LinkLost
                ? "the massager is still not connected."
                : "the massager is not connected, so the cause cannot be checked.";
        }

        // A device's own latches are judged by the rule the protocol gives the device for clearing them,
        // on the host's readings: the latch itself clears only when the acknowledge sends ClearFaults.
        return code switch
        {
            FaultCode.DeviceSensorFault => thermal.StillPresent(FaultCode.SensorOpen, now),
            FaultCode.DeviceOverTemperature => thermal.StillPresent(FaultCode.DeviceOverTemperature, now, device.Info?.FirmwareCeilingC),
            _ => DeviceFaultTranslation.StillReported(code, readings.Faults)
                ?? thermal.StillPresent(code, now)
                ?? motor.StillPresent(code, readings),
        };
    }
}
