namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// Moves the motor's signed speed (positive = clockwise) toward a target at a bounded rate, so level
/// changes and direction reversals never jerk the neck. Reversal passes through zero.
/// </summary>
public sealed class MotorRamp
{
    public double Speed { get; private set; }

    public double Step(double target, double maxRatePerSecond, double dtSeconds)
    {
        var maxStep = Math.Max(0, maxRatePerSecond * dtSeconds);
        Speed += Math.Clamp(target - Speed, -maxStep, maxStep);
        return Speed;
    }

    public void Stop() => Speed = 0;
}
