namespace NeckCare.Device.Core.StateMachines;

/// <summary>What a row does when its trigger is accepted.</summary>
public enum RuleKind
{
    /// <summary>Move to the destination, running exit and entry actions.</summary>
    Transition,

    /// <summary>Stay, run the row's action, no exit or entry (Stateless's InternalTransition).</summary>
    Internal,

    /// <summary>Accept and do nothing.</summary>
    Ignore,

    /// <summary>Refuse, always, with the row's guard as the reason.</summary>
    Refuse,
}

/// <summary>One row of the table: in <see cref="Source"/>, <see cref="Trigger"/> does this if every guard holds.</summary>
public sealed record TransitionRule<TState, TTrigger>(
    TState Source,
    TTrigger Trigger,
    TState Destination,
    RuleKind Kind,
    IReadOnlyList<GuardCondition> Guards,
    Action<Transition<TState, TTrigger>>? Action)
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public bool IsGuarded => Guards.Count > 0;

    /// <summary>The first guard that does not hold now; null when the row may fire.</summary>
    public GuardCondition? FirstUnmet() => Kind == RuleKind.Refuse ? Guards[0] : Guards.FirstOrDefault(g => !g.IsMet());
}

/// <summary>A transition being made, handed to entry, exit and internal actions.</summary>
/// <param name="Argument">What the trigger carried (a fault, a reason), or null.</param>
public readonly record struct Transition<TState, TTrigger>(TState Source, TState Destination, TTrigger Trigger, object? Argument)
    where TState : struct, Enum
    where TTrigger : struct, Enum;
