using System.Globalization;

namespace NeckCare.Device.Core.StateMachines;

/// <summary>
/// A small, declarative, hierarchical state machine: one table of (state, trigger) → next state, with
/// superstates whose rows apply to their substates, guards that explain themselves, internal
/// transitions, explicit refusals and triggers that carry an argument. Shaped like Stateless
/// (Configure/SubstateOf/Permit/PermitIf/InternalTransition/Ignore/OnEntryFrom), which cannot be
/// restored here, but deliberately single-threaded: one owner fires triggers.
/// </summary>
public sealed class StateMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<TState, StateConfiguration<TState, TTrigger>> _states = [];
    private readonly Queue<(TTrigger Trigger, object? Argument)> _pending = new();
    private bool _firing;

    public StateMachine(TState initial) => State = initial;

    public TState State { get; private set; }

    /// <summary>Raised after every completed transition (not for internal or ignored triggers).</summary>
    public event Action<Transition<TState, TTrigger>>? Transitioned;

    public StateConfiguration<TState, TTrigger> Configure(TState state)
    {
        if (!_states.TryGetValue(state, out var config))
        {
            config = new StateConfiguration<TState, TTrigger>(state);
            _states[state] = config;
        }

        return config;
    }

    /// <summary>Every row of the table, in the order it was declared.</summary>
    public IReadOnlyList<TransitionRule<TState, TTrigger>> Rules =>
        _states.Values.SelectMany(s => s.Rules).ToList();

    /// <summary>The configured states and their superstates.</summary>
    public IReadOnlyDictionary<TState, TState?> Hierarchy =>
        _states.ToDictionary(kv => kv.Key, kv => kv.Value.Superstate);

    /// <summary>Whether <paramref name="trigger"/> would be accepted now.</summary>
    public bool CanFire(TTrigger trigger) => Resolve(trigger, out _) is not null;

    /// <summary>The guard that would refuse <paramref name="trigger"/> now, or null if it would be accepted.</summary>
    public GuardCondition? WhyNot(TTrigger trigger)
    {
        Resolve(trigger, out var refusal);
        return refusal.Unmet;
    }

    /// <summary>
    /// Fires a trigger. A trigger fired from inside an action is queued and runs after the current one
    /// completes, so actions never observe a half-finished transition.
    /// </summary>
    /// <exception cref="TransitionRefusedException">No row permits the trigger; carries the unmet guard.</exception>
    public void Fire(TTrigger trigger, object? argument = null)
    {
        if (_firing)
        {
            _pending.Enqueue((trigger, argument));
            return;
        }

        _firing = true;
        try
        {
            FireOne(trigger, argument);
            while (_pending.Count > 0)
            {
                var (next, arg) = _pending.Dequeue();
                FireOne(next, arg);
            }
        }
        finally
        {
            _firing = false;
            _pending.Clear();
        }
    }

    private void FireOne(TTrigger trigger, object? argument)
    {
        var rule = Resolve(trigger, out var refusal)
            ?? throw new TransitionRefusedException(refusal.Message, refusal.Unmet);
        var source = State;
        var transition = new Transition<TState, TTrigger>(source, rule.Destination, trigger, argument);
        switch (rule.Kind)
        {
            case RuleKind.Ignore:
                return;
            case RuleKind.Internal:
                rule.Action!(transition with { Destination = source });
                return;
        }

        var from = Lineage(source);
        var to = Lineage(rule.Destination);
        var reentry = EqualityComparer<TState>.Default.Equals(source, rule.Destination);
        // Leave every state the destination is not inside (innermost first); enter every state the
        // source was not inside (outermost first). A re-entry leaves and enters the state itself.
        foreach (var s in from.Where(s => reentry ? EqualityComparer<TState>.Default.Equals(s, source) : !to.Contains(s)))
        {
            Configure(s).RunExit(transition);
        }

        State = rule.Destination;
        foreach (var s in Enumerable.Reverse(to).Where(s => reentry ? EqualityComparer<TState>.Default.Equals(s, source) : !from.Contains(s)))
        {
            Configure(s).RunEntry(transition);
        }

        Transitioned?.Invoke(transition);
    }

    /// <summary>The state and its superstates, innermost first.</summary>
    private List<TState> Lineage(TState state)
    {
        var chain = new List<TState> { state };
        while (_states.TryGetValue(chain[^1], out var c) && c.Superstate is { } up && !chain.Contains(up))
        {
            chain.Add(up);
        }

        return chain;
    }

    /// <summary>The innermost state with rows for the trigger decides, as in Stateless.</summary>
    private TransitionRule<TState, TTrigger>? Resolve(TTrigger trigger, out (string Message, GuardCondition? Unmet) refusal)
    {
        foreach (var level in Lineage(State))
        {
            var candidates = _states.TryGetValue(level, out var config)
                ? config.Rules.Where(r => EqualityComparer<TTrigger>.Default.Equals(r.Trigger, trigger)).ToList()
                : [];
            if (candidates.Count == 0)
            {
                continue;
            }

            var permitted = candidates.Where(r => r.FirstUnmet() is null).ToList();
            if (permitted.Count > 1)
            {
                throw new InvalidOperationException(
                    $"More than one row of {level} --{trigger}--> may fire; the table must be unambiguous.");
            }

            if (permitted.Count == 1)
            {
                refusal = default;
                return permitted[0];
            }

            var unmet = candidates[0].FirstUnmet();
            refusal = (string.Create(CultureInfo.InvariantCulture, $"{trigger} in state {State} needs: {unmet}"), unmet);
            return null;
        }

        refusal = (string.Create(CultureInfo.InvariantCulture, $"{trigger} is not allowed in state {State}"), null);
        return null;
    }
}
