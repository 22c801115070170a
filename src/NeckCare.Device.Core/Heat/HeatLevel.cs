namespace NeckCare.Device.Core.Heat;

/// <summary>The heat choice a user has: off, or one of two regulated targets.</summary>
public enum HeatLevel
{
    Off,
    Low,
    High,
}
