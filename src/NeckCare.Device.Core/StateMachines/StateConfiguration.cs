namespace NeckCare.Device.Core.StateMachines;

/// <summary>The rows and actions of one state. Self-transitions must be explicit (PermitReentry or Ignore).</summary>
public sealed class StateConfiguration<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly List<TransitionRule<TState, TTrigger>> _rules = [];
    private readonly List<Action<Transition<TState, TTrigger>>> _entry = [];
    private readonly List<Action<Transition<TState, TTrigger>>> _exit = [];

    internal StateConfiguration(TState state) => State = state;

    public TState State { get; }

    internal IReadOnlyList<TransitionRule<TState, TTrigger>> Rules => _rules;

    public StateConfiguration<TState, TTrigger> Permit(TTrigger trigger, TState destination)
    {
        if (EqualityComparer<TState>.Default.Equals(destination, State))
        {
            throw new ArgumentException($"Use PermitReentry for a self-transition of {State}.", nameof(destination));
        }

        return Add(new TransitionRule<TState, TTrigger>(State, trigger, destination, null, null, false));
    }

    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, Func<bool> guard, string description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return Add(new TransitionRule<TState, TTrigger>(State, trigger, destination, guard, description, false));
    }

    public StateConfiguration<TState, TTrigger> PermitReentry(TTrigger trigger) =>
        Add(new TransitionRule<TState, TTrigger>(State, trigger, State, null, null, false));

    /// <summary>Accept the trigger and do nothing (no exit/entry actions run).</summary>
    public StateConfiguration<TState, TTrigger> Ignore(TTrigger trigger) =>
        Add(new TransitionRule<TState, TTrigger>(State, trigger, State, null, null, true));

    public StateConfiguration<TState, TTrigger> OnEntry(Action<Transition<TState, TTrigger>> action)
    {
        _entry.Add(action);
        return this;
    }

    public StateConfiguration<TState, TTrigger> OnExit(Action<Transition<TState, TTrigger>> action)
    {
        _exit.Add(action);
        return this;
    }

    internal void RunEntry(Transition<TState, TTrigger> t) => _entry.ForEach(a => a(t));

    internal void RunExit(Transition<TState, TTrigger> t) => _exit.ForEach(a => a(t));

    private StateConfiguration<TState, TTrigger> Add(TransitionRule<TState, TTrigger> rule)
    {
        if (_rules.Any(r => EqualityComparer<TTrigger>.Default.Equals(r.Trigger, rule.Trigger) && (r.Guard is null || rule.Guard is null)))
        {
            throw new ArgumentException($"{State} already has an unguarded row for {rule.Trigger}.", nameof(rule));
        }

        _rules.Add(rule);
        return this;
    }
}

/// <summary>One row of the table.</summary>
public sealed record TransitionRule<TState, TTrigger>(
    TState Source, TTrigger Trigger, TState Destination, Func<bool>? Guard, string? GuardDescription, bool IsIgnore)
    where TState : struct, Enum
    where TTrigger : struct, Enum;

/// <summary>A completed transition, handed to entry/exit actions.</summary>
public readonly record struct Transition<TState, TTrigger>(TState Source, TState Destination, TTrigger Trigger)
    where TState : struct, Enum
    where TTrigger : struct, Enum;

/// <summary>A trigger that no row permits now; <see cref="Exception.Message"/> says which guard was unmet.</summary>
public sealed class TransitionRefusedException : InvalidOperationException
{
    public TransitionRefusedException() { }

    public TransitionRefusedException(string message) : base(message) { }

    public TransitionRefusedException(string message, Exception inner) : base(message, inner) { }

    public TransitionRefusedException(string state, string trigger, string reason) : base(reason)
    {
        StateName = state;
        TriggerName = trigger;
    }

    public string? StateName { get; }

    public string? TriggerName { get; }
}
