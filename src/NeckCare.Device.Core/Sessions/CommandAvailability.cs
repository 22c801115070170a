using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// What one user command would be answered right now: allowed, or the exact code and reason it would be
/// refused with. Clients enable, disable and explain their controls from this and nothing else.
/// </summary>
/// <param name="Allowed">Whether the command would be accepted now (for a command that takes a value: with at least one value).</param>
/// <param name="Code">The refusal's code when not allowed (as the command would get it), else null.</param>
/// <param name="Reason">The refusal's message when not allowed, else null.</param>
public sealed record CommandAvailability(bool Allowed, string? Code, string? Reason)
{
    /// <summary>setLevel: the levels accepted now, lowest to highest.</summary>
    public ValueRange? Levels { get; init; }

    /// <summary>start and setHeat: the heat levels accepted now.</summary>
    public IReadOnlyList<HeatLevel>? Heat { get; init; }

    /// <summary>start: the lengths a session may have; extend: the minutes that may still be added.</summary>
    public ValueRange? Minutes { get; init; }

    /// <summary>By value, the heat list included, so a changed answer can be told from an unchanged one.</summary>
    public bool Equals(CommandAvailability? other) =>
        other is not null && Allowed == other.Allowed && Code == other.Code && Reason == other.Reason
        && Levels == other.Levels && Minutes == other.Minutes && (Heat ?? []).SequenceEqual(other.Heat ?? []);

    public override int GetHashCode() => HashCode.Combine(Allowed, Code, Reason, Levels, Minutes, Heat?.Count ?? 0);
}

/// <summary>An inclusive range of whole numbers.</summary>
public sealed record ValueRange(int Min, int Max);

/// <summary>Every user command and what it would be answered now, as the session table decides it.</summary>
public sealed record SessionCommands(
    CommandAvailability Start,
    CommandAvailability Stop,
    CommandAvailability Raise,
    CommandAvailability Lower,
    CommandAvailability SetLevel,
    CommandAvailability EaseOff,
    CommandAvailability ClearCeiling,
    CommandAvailability SetHeat,
    CommandAvailability Pause,
    CommandAvailability Resume,
    CommandAvailability Extend,
    CommandAvailability Acknowledge,
    CommandAvailability StartAutoTune,
    CommandAvailability CancelAutoTune);
