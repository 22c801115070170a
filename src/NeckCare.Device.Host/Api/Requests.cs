namespace NeckCare.Device.Host.Api;

/// <summary>Start a session. Every field is optional: 10 minutes (Session:DefaultDurationMinutes), no heat, no guided release.</summary>
/// <param name="DurationMinutes">Session length including warm-up, 5–15.</param>
/// <param name="Heat">"Off", "Low" or "High" (letter case does not matter; nothing else is accepted).</param>
/// <param name="GuidedRelease">After an ease-off, climb back slowly to one level below the ceiling (opt-in).</param>
public sealed record StartRequest(int? DurationMinutes = null, string? Heat = null, bool? GuidedRelease = null);

/// <param name="Level">Intensity level, 1 to maxIntensity.</param>
public sealed record IntensityRequest(int? Level);

/// <param name="Level">"Off", "Low" or "High".</param>
public sealed record HeatRequest(string? Level);

/// <param name="Minutes">Minutes to add; the session may not exceed 15 minutes in total.</param>
public sealed record ExtendRequest(int? Minutes);
