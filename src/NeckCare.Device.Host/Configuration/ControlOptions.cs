using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Configuration;

/// <summary>The control loop (configuration section "Control").</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>Period of the control loop. Guards react within one period, so it may not be slow.</summary>
    [Range(20, 100, ErrorMessage = "Control:TickMilliseconds must be between {1} and {2} ms.")]
    public int TickMilliseconds { get; set; } = 100;

    [Range(250, 10_000, ErrorMessage = "Control:ReconnectMilliseconds must be between {1} and {2} ms.")]
    public int ReconnectMilliseconds { get; set; } = 1000;

    public TimeSpan Tick => TimeSpan.FromMilliseconds(TickMilliseconds);
}
