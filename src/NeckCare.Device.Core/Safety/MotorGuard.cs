using System.Globalization;
using NeckCare.Device.Core.Hardware;

namespace NeckCare.Device.Core.Safety;

/// <summary>
/// Stops the motor when the kneading heads are blocked: entanglement (hair, a scarf, a cable) has killed
/// people with massagers that had no jam stop. Two signs: current above the stall threshold for 200 ms,
/// or a commanded speed with no rotation for 500 ms.
/// </summary>
public sealed class MotorGuard(SafetyOptions options)
{
    private TimeSpan? _overCurrentSince;
    private TimeSpan? _stillSince;

    public void Reset()
    {
        _overCurrentSince = null;
        _stillSince = null;
    }

    /// <param name="commandedSpeed">The speed the host commanded on the previous tick.</param>
    public Trip? Check(in DeviceReadings readings, double commandedSpeed, TimeSpan now)
    {
        if (readings.MotorCurrentA > options.StallCurrentA)
        {
            _overCurrentSince ??= now;
            if (now - _overCurrentSince >= SafetyLimits.StallCurrentFor)
            {
                return new Trip(FaultCode.MotorJam, string.Create(CultureInfo.InvariantCulture,
                    $"The massage heads are blocked (motor current {readings.MotorCurrentA:0.00} A); the motor was stopped. Check that nothing is caught before you acknowledge."));
            }
        }
        else
        {
            _overCurrentSince = null;
        }

        if (commandedSpeed >= SafetyLimits.NoRotationCommandedAtLeast && readings.MotorSpeed < SafetyLimits.NoRotationMeasuredBelow)
        {
            _stillSince ??= now;
            if (now - _stillSince >= SafetyLimits.NoRotationFor)
            {
                return new Trip(FaultCode.MotorStalled,
                    "The motor is powered but not turning; it was stopped. Check that nothing is caught before you acknowledge.");
            }
        }
        else
        {
            _stillSince = null;
        }

        return null;
    }

    public string? StillPresent(FaultCode code, in DeviceReadings readings) =>
        code is FaultCode.MotorJam && readings.MotorCurrentA > options.StallCurrentA
            ? "the motor still draws stall current."
            : null;
}
