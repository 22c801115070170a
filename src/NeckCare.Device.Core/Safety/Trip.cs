namespace NeckCare.Device.Core.Safety;

/// <summary>A guard's verdict: this fault, with this message for the person wearing the device.</summary>
public sealed record Trip(FaultCode Code, string Message);
