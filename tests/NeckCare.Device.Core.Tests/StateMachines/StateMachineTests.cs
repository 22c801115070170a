using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Tests.StateMachines;

public class StateMachineTests
{
    private enum Light { Off, On, Broken }

    private enum Switch { Flip, Smash, Poke }

    [Fact]
    public void A_permitted_trigger_moves_to_its_destination_and_runs_exit_then_entry_actions()
    {
        var log = new List<string>();
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On).OnExit(t => log.Add($"exit {t.Source}"));
        m.Configure(Light.On).OnEntry(t => log.Add($"enter {t.Destination} by {t.Trigger}"));

        m.Fire(Switch.Flip);

        Assert.Equal(Light.On, m.State);
        Assert.Equal(["exit Off", "enter On by Flip"], log);
    }

    [Fact]
    public void An_unconfigured_trigger_is_refused_and_the_state_does_not_change()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On);

        var ex = Assert.Throws<TransitionRefusedException>(() => m.Fire(Switch.Smash));

        Assert.Equal(Light.Off, m.State);
        Assert.Contains("Smash is not allowed in state Off", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_by_guard_names_the_unmet_guard_descriptions()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).PermitIf(Switch.Flip, Light.On, () => false, "power is connected");

        var ex = Assert.Throws<TransitionRefusedException>(() => m.Fire(Switch.Flip));

        Assert.Contains("power is connected", ex.Message, StringComparison.Ordinal);
        Assert.False(m.CanFire(Switch.Flip));
    }

    [Fact]
    public void An_ignored_trigger_is_accepted_without_running_any_action()
    {
        var entered = 0;
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Ignore(Switch.Poke).OnEntry(_ => entered++);

        m.Fire(Switch.Poke);

        Assert.Equal(Light.Off, m.State);
        Assert.Equal(0, entered);
    }

    [Fact]
    public void A_self_transition_must_be_declared_with_PermitReentry_and_then_reruns_entry()
    {
        var entered = 0;
        var m = new StateMachine<Light, Switch>(Light.On);
        Assert.Throws<ArgumentException>(() => m.Configure(Light.On).Permit(Switch.Flip, Light.On));
        m.Configure(Light.On).PermitReentry(Switch.Poke).OnEntry(_ => entered++);

        m.Fire(Switch.Poke);

        Assert.Equal(1, entered);
    }

    [Fact]
    public void A_trigger_fired_from_an_entry_action_runs_after_the_current_transition_completes()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        var seenInEntry = Light.Broken;
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On);
        m.Configure(Light.On).Permit(Switch.Smash, Light.Broken).OnEntry(_ =>
        {
            m.Fire(Switch.Smash);
            seenInEntry = m.State;
        });

        m.Fire(Switch.Flip);

        Assert.Equal(Light.On, seenInEntry);
        Assert.Equal(Light.Broken, m.State);
    }

    [Fact]
    public void Two_unguarded_rows_for_one_trigger_are_rejected_when_the_table_is_built()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On);

        Assert.Throws<ArgumentException>(() => m.Configure(Light.Off).Permit(Switch.Flip, Light.Broken));
    }

    [Fact]
    public void Mermaid_export_lists_every_transition_with_its_guard_and_leaves_ignores_out()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On).Ignore(Switch.Poke);
        m.Configure(Light.On).PermitIf(Switch.Smash, Light.Broken, () => true, "hammer at hand");

        var text = m.ToMermaid(Light.Off);

        Assert.Equal(
            "stateDiagram-v2\n    [*] --> Off\n    Off --> On : Flip\n    On --> Broken : Smash [hammer at hand]\n",
            text);
    }

    [Fact]
    public void A_guard_without_words_and_a_guarded_row_without_guards_are_rejected_when_the_table_is_built()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);

        Assert.Throws<ArgumentException>(() => new GuardCondition(() => true, " "));
        Assert.Throws<ArgumentNullException>(() => new GuardCondition(null!, "x"));
        Assert.Throws<ArgumentException>(() => m.Configure(Light.Off).PermitIf(Switch.Flip, Light.On));
        Assert.Throws<ArgumentException>(() => m.Configure(Light.Off).InternalTransitionIf(Switch.Poke, _ => { }));
        var self = Assert.Throws<ArgumentException>(() => m.Configure(Light.Off).Permit(Switch.Flip, Light.Off));
        Assert.Contains("PermitReentry", self.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guarded_rows_may_share_a_trigger_but_an_ignore_or_refusal_may_not_share_it_with_anything()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        var off = m.Configure(Light.Off)
            .PermitIf(Switch.Flip, Light.On, () => true, "power")
            .PermitIf(Switch.Flip, Light.Broken, () => false, "surge");

        Assert.Throws<ArgumentException>(() => off.Ignore(Switch.Flip));
        off.Ignore(Switch.Poke);
        var clash = Assert.Throws<ArgumentException>(() => off.PermitIf(Switch.Poke, Light.On, () => true, "poke"));
        Assert.Contains("already has a row for Poke", clash.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => off.Permit(Switch.Flip, Light.On));
        m.Fire(Switch.Flip);
        Assert.Equal(Light.On, m.State);
    }

    [Fact]
    public void Two_guarded_rows_that_both_hold_are_an_ambiguous_table_and_say_so()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off)
            .PermitIf(Switch.Flip, Light.On, () => true, "a")
            .PermitIf(Switch.Flip, Light.Broken, () => true, "b");

        var ex = Assert.Throws<InvalidOperationException>(() => m.Fire(Switch.Flip));

        Assert.Contains("unambi", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Light.Off, m.State);
    }

    [Fact]
    public void Every_transition_is_announced_once()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On);
        m.Configure(Light.On).Permit(Switch.Flip, Light.Off);
        var seen = new List<(Light, Light)>();
        m.Transitioned += t => seen.Add((t.Source, t.Destination));

        m.Fire(Switch.Flip);
        m.Fire(Switch.Flip);

        Assert.Equal([(Light.Off, Light.On), (Light.On, Light.Off)], seen);
        Assert.Throws<ArgumentNullException>(() => MermaidExport.ToMermaid<Light, Switch>(null!));
    }

    [Fact]
    public void A_reentry_runs_the_states_exit_actions_as_well_as_its_entry_actions()
    {
        var log = new List<string>();
        var m = new StateMachine<Light, Switch>(Light.On);
        m.Configure(Light.On).PermitReentry(Switch.Poke).OnExit(_ => log.Add("exit")).OnEntry(_ => log.Add("entry"));

        m.Fire(Switch.Poke);

        Assert.Equal(["exit", "entry"], log);
    }

    [Fact]
    public void Triggers_queued_by_an_action_that_then_failed_are_dropped_with_it()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        var failing = true;
        m.Configure(Light.Off).Permit(Switch.Flip, Light.On);
        m.Configure(Light.On).Permit(Switch.Smash, Light.Broken).Permit(Switch.Flip, Light.Off).OnEntry(_ =>
        {
            if (failing)
            {
                m.Fire(Switch.Smash);
                throw new InvalidOperationException("entry failed");
            }
        });
        Assert.Throws<InvalidOperationException>(() => m.Fire(Switch.Flip));
        failing = false;

        m.Fire(Switch.Flip); // the queued Smash must not run after it (Off has no row for Smash)

        Assert.Equal(Light.Off, m.State);
    }

    [Theory]
    [InlineData("unguarded", "guarded")]
    [InlineData("guarded", "unguarded")]
    [InlineData("refuse", "guarded")]
    [InlineData("guarded", "refuse")]
    [InlineData("ignore", "guarded")]
    [InlineData("guarded", "ignore")]
    public void A_row_that_would_contradict_another_for_the_same_trigger_is_rejected_when_the_table_is_built(string first, string second)
    {
        var m = new StateMachine<Light, Switch>(Light.Off);
        var off = m.Configure(Light.Off);
        Add(off, first);

        var clash = Assert.Throws<ArgumentException>(() => Add(off, second));

        Assert.Equal("Off already has a row for Flip that this one would contradict. (Parameter 'trigger')", clash.Message);
    }

    [Fact]
    public void The_words_of_a_table_error_say_what_is_missing()
    {
        var m = new StateMachine<Light, Switch>(Light.Off);

        Assert.Equal("A guard needs a description. (Parameter 'description')",
            Assert.Throws<ArgumentException>(() => new GuardCondition(() => true, "")).Message);
        Assert.Equal("A guarded row needs at least one guard. (Parameter 'guards')",
            Assert.Throws<ArgumentException>(() => m.Configure(Light.Off).PermitIf(Switch.Flip, Light.On)).Message);
    }

    private static void Add(StateConfiguration<Light, Switch> state, string kind)
    {
        _ = kind switch
        {
            "unguarded" => state.Permit(Switch.Flip, Light.On),
            "guarded" => state.PermitIf(Switch.Flip, Light.Broken, () => true, "surge"),
            "refuse" => state.Refuse(Switch.Flip, new GuardCondition(() => false, "never")),
            _ => state.Ignore(Switch.Flip),
        };
    }
}
