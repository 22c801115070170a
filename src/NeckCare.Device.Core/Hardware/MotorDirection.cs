namespace NeckCare.Device.Core.Hardware;

/// <summary>Which way the kneading nodes turn.</summary>
public enum MotorDirection
{
    Clockwise,
    CounterClockwise,
}
