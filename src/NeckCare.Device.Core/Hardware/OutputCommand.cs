namespace NeckCare.Device.Core.Hardware;

/// <summary>What the control loop wants the massager to do now: absolute values, so a repeat is harmless.</summary>
/// <param name="MotorSpeed">Fraction of full speed, 0 = off.</param>
/// <param name="Direction">Kneading direction.</param>
/// <param name="HeaterDuty">Fraction of full heater power, 0 = off.</param>
public readonly record struct OutputCommand(double MotorSpeed, MotorDirection Direction, double HeaterDuty)
{
    public static OutputCommand Off => new(0, MotorDirection.Clockwise, 0);
}
