using System.Globalization;
using System.Text;

namespace NeckCare.Device.Core.StateMachines;

/// <summary>
/// A small, declarative state machine: one table of (state, trigger) → next state, with guards that
/// carry a readable description. Shaped like Stateless (Configure/Permit/PermitIf/Ignore/OnEntry) so a
/// reader who knows it feels at home, but deliberately single-threaded: one owner fires triggers.
/// </summary>
public sealed class StateMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<TState, StateConfiguration<TState, TTrigger>> _states = [];
    private readonly Queue<TTrigger> _pending = new();
    private bool _firing;

    public StateMachine(TState initial) => State = initial;

    public TState State { get; private set; }

    /// <summary>Raised after every completed transition (not for ignored triggers).</summary>
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

    /// <summary>Whether <paramref name="trigger"/> would be accepted now (a transition or an explicit ignore).</summary>
    public bool CanFire(TTrigger trigger) => Resolve(trigger, out _) is not null;

    /// <summary>
    /// Fires a trigger. A trigger fired from inside an entry/exit action is queued and runs after the
    /// current transition completes, so actions never observe a half-finished transition.
    /// </summary>
    /// <exception cref="TransitionRefusedException">No row permits the trigger; the message names unmet guards.</exception>
    public void Fire(TTrigger trigger)
    {
        if (_firing)
        {
            _pending.Enqueue(trigger);
            return;
        }

        _firing = true;
        try
        {
            FireOne(trigger);
            while (_pending.Count > 0)
            {
                FireOne(_pending.Dequeue());
            }
        }
        finally
        {
            _firing = false;
            _pending.Clear();
        }
    }

    private void FireOne(TTrigger trigger)
    {
        var rule = Resolve(trigger, out var refusal)
            ?? throw new TransitionRefusedException(State.ToString(), trigger.ToString(), refusal!);
        if (rule.IsIgnore)
        {
            return;
        }

        var source = State;
        var destination = rule.Destination;
        var transition = new Transition<TState, TTrigger>(source, destination, trigger);
        Configure(source).RunExit(transition);
        State = destination;
        Configure(destination).RunEntry(transition);
        Transitioned?.Invoke(transition);
    }

    private TransitionRule<TState, TTrigger>? Resolve(TTrigger trigger, out string? refusal)
    {
        refusal = null;
        var candidates = _states.TryGetValue(State, out var config)
            ? config.Rules.Where(r => EqualityComparer<TTrigger>.Default.Equals(r.Trigger, trigger)).ToList()
            : [];
        if (candidates.Count == 0)
        {
            refusal = string.Create(CultureInfo.InvariantCulture, $"{trigger} is not allowed in state {State}");
            return null;
        }

        var permitted = candidates.Where(r => r.Guard is null || r.Guard()).ToList();
        if (permitted.Count > 1)
        {
            throw new InvalidOperationException(
                $"More than one guard of {State} --{trigger}--> is true; the table must be unambiguous.");
        }

        if (permitted.Count == 1)
        {
            return permitted[0];
        }

        var unmet = string.Join("; ", candidates.Select(r => r.GuardDescription));
        refusal = $"{trigger} in state {State} needs: {unmet}";
        return null;
    }

    /// <summary>The table as a Mermaid stateDiagram-v2; guarded rows carry their description in brackets.</summary>
    public string ToMermaid(TState? initial = null)
    {
        var sb = new StringBuilder();
        sb.Append("stateDiagram-v2\n");
        if (initial is { } first)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    [*] --> {first}\n");
        }

        foreach (var rule in Rules.Where(r => !r.IsIgnore))
        {
            var label = rule.GuardDescription is null ? rule.Trigger.ToString() : $"{rule.Trigger} [{rule.GuardDescription}]";
            sb.Append(CultureInfo.InvariantCulture, $"    {rule.Source} --> {rule.Destination} : {label}\n");
        }

        return sb.ToString();
    }
}
