using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Configuration;

/// <summary>The control loop (configuration section "Control").</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>Period of the control loop. Guards react within one period, so it may not be slow.</summary>
    [OptionRange(20, 100, ErrorMessage = "Control:TickMilliseconds must be between {1} and {2} ms.")]
    public int TickMilliseconds { get; set; } = 100;

    /// <summary>
    /// Period of the control loop while it is quiet: no session, no auto-tune, outputs off. Every guard
    /// still runs on each tick; the slower tick only wakes a small board less often. A command that starts
    /// anything brings back <see cref="TickMilliseconds"/> at once. The device is fed once per tick, so a
    /// serial device's watchdog must be at least twice this.
    /// </summary>
    [OptionRange(100, 500, ErrorMessage = "Control:IdleTickMilliseconds must be between {1} and {2} ms.")]
    public int IdleTickMilliseconds { get; set; } = 500;

    [OptionRange(250, 10_000, ErrorMessage = "Control:ReconnectMilliseconds must be between {1} and {2} ms.")]
    public int ReconnectMilliseconds { get; set; } = 1000;

    public TimeSpan Tick => TimeSpan.FromMilliseconds(TickMilliseconds);

    /// <summary>Never faster than the session tick (an idle tick configured below it changes nothing).</summary>
    public TimeSpan IdleTick => TimeSpan.FromMilliseconds(Math.Max(IdleTickMilliseconds, TickMilliseconds));
}
