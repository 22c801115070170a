using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Core.Sessions;

/// <summary>The routine's timings (configuration section "Session"). Hard limits live in <see cref="SessionLimits"/>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Session";

    [OptionRange(30, 120, ErrorMessage = "Session:WarmUpSeconds must be between {1} and {2} seconds.")]
    public int WarmUpSeconds { get; set; } = 60;

    [OptionRange(SessionLimits.MinMinutes, SessionLimits.MaxMinutes, ErrorMessage = "Session:DefaultDurationMinutes must be between {1} and {2} minutes.")]
    public int DefaultDurationMinutes { get; set; } = 10;

    [OptionRange(20, 120, ErrorMessage = "Session:DirectionReversalSeconds must be between {1} and {2} seconds.")]
    public int DirectionReversalSeconds { get; set; } = 60;

    [OptionRange(0.5, 3.0, ErrorMessage = "Session:LevelRampSeconds must be between {1} and {2} seconds.")]
    public double LevelRampSeconds { get; set; } = 1.0;

    [OptionRange(1.0, 10.0, ErrorMessage = "Session:FinishRampSeconds must be between {1} and {2} seconds.")]
    public double FinishRampSeconds { get; set; } = 3.0;

    [OptionRange(30, SessionLimits.MaxPauseSeconds, ErrorMessage = "Session:PauseLimitSeconds must be between {1} and {2} seconds.")]
    public int PauseLimitSeconds { get; set; } = SessionLimits.MaxPauseSeconds;

    /// <summary>Guided release climbs back to one below the ceiling over this long (seed 001: 60–90 s).</summary>
    [OptionRange(60, 90, ErrorMessage = "Session:GuidedReleaseSeconds must be between {1} and {2} seconds.")]
    public int GuidedReleaseSeconds { get; set; } = 75;
}

/// <summary>Hard limits from docs/routine.md: no configuration or API call can exceed them.</summary>
public static class SessionLimits
{
    public const int MinMinutes = 5;
    public const int MaxMinutes = 15;
    public const int MaxPauseSeconds = 300;
    public const int MinLevel = 1;
}
