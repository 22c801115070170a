using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// What a carer sets for the person who uses the massager: the highest intensity level and heat the
/// session table allows (guards, like every other rule), and what a start uses when it names nothing.
/// They never loosen the routine's own limits; lowering one during a session takes effect at once,
/// downwards only.
/// </summary>
/// <param name="MaxLevel">The highest level the user may choose; null for the device's own maximum.</param>
/// <param name="MaxHeat">The most heat allowed.</param>
/// <param name="DefaultMinutes">The duration of a start that names none; null for Session:DefaultDurationMinutes.</param>
/// <param name="DefaultHeat">The heat of a start that names none.</param>
/// <param name="GuidedRelease">Whether a start that does not say uses guided release.</param>
public sealed record PersonalLimits(
    int? MaxLevel = null,
    HeatLevel MaxHeat = HeatLevel.High,
    int? DefaultMinutes = null,
    HeatLevel DefaultHeat = HeatLevel.Off,
    bool GuidedRelease = false)
{
    /// <summary>The highest MaxLevel a carer may set (no massager has more levels).</summary>
    public const int HighestLevel = 10;

    public static PersonalLimits None { get; } = new();

    /// <summary>
    /// Why these limits cannot be used, or null when every value is inside what the routine allows. The
    /// API checks each field with its own message first; this is the domain's own check, for limits from
    /// anywhere (a saved file that was damaged, a future client).
    /// </summary>
    public string? Invalid() =>
        MaxLevel is < SessionLimits.MinLevel or > HighestLevel ? $"maxLevel {MaxLevel} is outside {SessionLimits.MinLevel}–{HighestLevel}"
        : DefaultMinutes is < SessionLimits.MinMinutes or > SessionLimits.MaxMinutes ? $"defaultMinutes {DefaultMinutes} is outside {SessionLimits.MinMinutes}–{SessionLimits.MaxMinutes}"
        : !Enum.IsDefined(MaxHeat) ? $"maxHeat {(int)MaxHeat} is not a heat level"
        : !Enum.IsDefined(DefaultHeat) || DefaultHeat > MaxHeat ? $"defaultHeat {DefaultHeat} is not a heat level at most maxHeat"
        : null;
}
