namespace NeckCare.Device.Core.StateMachines;

/// <summary>The rows, superstate and actions of one state. Self-transitions must be explicit.</summary>
public sealed class StateConfiguration<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly List<TransitionRule<TState, TTrigger>> _rules = [];
    private readonly List<(TTrigger? From, Action<Transition<TState, TTrigger>> Action)> _entry = [];
    private readonly List<Action<Transition<TState, TTrigger>>> _exit = [];

    internal StateConfiguration(TState state) => State = state;

    public TState State { get; }

    /// <summary>The enclosing state, whose rows apply when this state has none for a trigger.</summary>
    public TState? Superstate { get; private set; }

    internal IReadOnlyList<TransitionRule<TState, TTrigger>> Rules => _rules;

    public StateConfiguration<TState, TTrigger> SubstateOf(TState superstate)
    {
        Superstate = superstate;
        return this;
    }

    public StateConfiguration<TState, TTrigger> Permit(TTrigger trigger, TState destination)
    {
        if (EqualityComparer<TState>.Default.Equals(destination, State))
        {
            throw new ArgumentException($"Use PermitReentry for a self-transition of {State}.", nameof(destination));
        }

        return Add(trigger, destination, RuleKind.Transition, [], null);
    }

    /// <summary>Moves to <paramref name="destination"/> only when every guard holds; the first unmet one is the reason.</summary>
    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, params GuardCondition[] guards)
    {
        RequireGuards(guards);
        return Add(trigger, destination, RuleKind.Transition, guards, null);
    }

    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, Func<bool> guard, string description) =>
        PermitIf(trigger, destination, new GuardCondition(guard, description));

    public StateConfiguration<TState, TTrigger> PermitReentry(TTrigger trigger) =>
        Add(trigger, State, RuleKind.Transition, [], null);

    /// <summary>Accepts the trigger and runs <paramref name="action"/> without leaving the state.</summary>
    public StateConfiguration<TState, TTrigger> InternalTransition(TTrigger trigger, Action<Transition<TState, TTrigger>> action) =>
        Add(trigger, State, RuleKind.Internal, [], action ?? throw new ArgumentNullException(nameof(action)));

    public StateConfiguration<TState, TTrigger> InternalTransitionIf(TTrigger trigger, Action<Transition<TState, TTrigger>> action, params GuardCondition[] guards)
    {
        RequireGuards(guards);
        return Add(trigger, State, RuleKind.Internal, guards, action ?? throw new ArgumentNullException(nameof(action)));
    }

    /// <summary>Accepts the trigger and does nothing (no exit/entry actions run).</summary>
    public StateConfiguration<TState, TTrigger> Ignore(TTrigger trigger) =>
        Add(trigger, State, RuleKind.Ignore, [], null);

    /// <summary>Refuses the trigger in this state, always, giving <paramref name="reason"/> (a guard that is never met).</summary>
    public StateConfiguration<TState, TTrigger> Refuse(TTrigger trigger, GuardCondition reason) =>
        Add(trigger, State, RuleKind.Refuse, [reason ?? throw new ArgumentNullException(nameof(reason))], null);

    public StateConfiguration<TState, TTrigger> OnEntry(Action<Transition<TState, TTrigger>> action)
    {
        _entry.Add((null, action));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> on entry only when <paramref name="trigger"/> caused it.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryFrom(TTrigger trigger, Action<Transition<TState, TTrigger>> action)
    {
        _entry.Add((trigger, action));
        return this;
    }

    public StateConfiguration<TState, TTrigger> OnExit(Action<Transition<TState, TTrigger>> action)
    {
        _exit.Add(action);
        return this;
    }

    internal void RunEntry(Transition<TState, TTrigger> t)
    {
        foreach (var (from, action) in _entry)
        {
            if (from is null || EqualityComparer<TTrigger>.Default.Equals(from.Value, t.Trigger))
            {
                action(t);
            }
        }
    }

    internal void RunExit(Transition<TState, TTrigger> t) => _exit.ForEach(a => a(t));

    private static void RequireGuards(GuardCondition[] guards)
    {
        if (guards is null || guards.Length == 0)
        {
            throw new ArgumentException("A guarded row needs at least one guard.", nameof(guards));
        }
    }

    private StateConfiguration<TState, TTrigger> Add(TTrigger trigger, TState destination, RuleKind kind, GuardCondition[] guards, Action<Transition<TState, TTrigger>>? action)
    {
        var clash = _rules.Any(r => EqualityComparer<TTrigger>.Default.Equals(r.Trigger, trigger)
            && (r.Kind is RuleKind.Ignore or RuleKind.Refuse || kind is RuleKind.Ignore or RuleKind.Refuse || !r.IsGuarded || guards.Length == 0));
        if (clash)
        {
            throw new ArgumentException($"{State} already has a row for {trigger} that this one would contradict.", nameof(trigger));
        }

        _rules.Add(new TransitionRule<TState, TTrigger>(State, trigger, destination, kind, guards, action));
        return this;
    }
}
