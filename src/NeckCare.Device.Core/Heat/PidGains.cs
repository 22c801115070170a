namespace NeckCare.Device.Core.Heat;

/// <summary>PID gains in duty per °C (Kp), per °C·s (Ki) and per °C/s (Kd).</summary>
public readonly record struct PidGains(double Kp, double Ki, double Kd);
