using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Tests.StateMachines;

public class SessionTableTests
{
    /// <summary>
    /// The whole table, written out by hand from ROUTINE.md section 3: "T>S" moves to S, "T=" is
    /// accepted and ignored; every pair not listed must be refused. Guards: paused during warm-up,
    /// cause cleared, device connected.
    /// </summary>
    private static readonly Dictionary<SessionState, string> Expected = new()
    {
        [SessionState.Disconnected] = "DeviceConnected>Idle DeviceLost= Stop= Fault>Faulted",
        [SessionState.Idle] = "DeviceConnected= DeviceLost>Disconnected Start>WarmingUp Stop= Fault>Faulted",
        [SessionState.WarmingUp] = "DeviceConnected= DeviceLost>Faulted WarmUpElapsed>Massaging Pause>Paused DurationReached>Finishing Stop>Idle Fault>Faulted",
        [SessionState.Massaging] = "DeviceConnected= DeviceLost>Faulted Pause>Paused DurationReached>Finishing Stop>Idle Fault>Faulted",
        [SessionState.Paused] = "DeviceConnected= DeviceLost>Faulted Resume>WarmingUp PauseLimitReached>Idle Stop>Idle Fault>Faulted",
        [SessionState.Finishing] = "DeviceConnected= DeviceLost>Faulted RampDownComplete>Idle Stop>Idle Fault>Faulted",
        [SessionState.Faulted] = "DeviceConnected= DeviceLost= Stop= Fault= Acknowledge>Idle",
    };

    public static TheoryData<SessionState, SessionTrigger> EveryPair()
    {
        var data = new TheoryData<SessionState, SessionTrigger>();
        foreach (var s in Enum.GetValues<SessionState>())
        {
            foreach (var t in Enum.GetValues<SessionTrigger>())
            {
                data.Add(s, t);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_state_and_trigger_pair_is_allowed_or_refused_exactly_as_specified(SessionState state, SessionTrigger trigger)
    {
        var m = SessionTable.Build(state, new SessionGuards(() => true, () => true, () => true));
        var expected = Expected[state].Split(' ')
            .Select(Parse)
            .FirstOrDefault(e => e.Trigger == trigger);

        if (expected.Trigger != trigger)
        {
            Assert.Throws<TransitionRefusedException>(() => m.Fire(trigger));
            Assert.Equal(state, m.State);
        }
        else
        {
            m.Fire(trigger);
            Assert.Equal(expected.Destination ?? state, m.State);
        }
    }

    [Fact]
    public void Resume_returns_to_massaging_when_the_pause_came_after_warm_up()
    {
        var m = SessionTable.Build(SessionState.Paused, new SessionGuards(() => false, () => true, () => true));

        m.Fire(SessionTrigger.Resume);

        Assert.Equal(SessionState.Massaging, m.State);
    }

    [Fact]
    public void Acknowledging_a_fault_whose_cause_remains_is_refused_naming_the_guards()
    {
        var m = SessionTable.Build(SessionState.Faulted, new SessionGuards(() => false, () => false, () => true));

        var ex = Assert.Throws<TransitionRefusedException>(() => m.Fire(SessionTrigger.Acknowledge));

        Assert.Contains(SessionTable.ClearedConnectedText, ex.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Faulted, m.State);
    }

    [Fact]
    public void Acknowledging_a_cleared_fault_without_a_device_goes_to_disconnected()
    {
        var m = SessionTable.Build(SessionState.Faulted, new SessionGuards(() => false, () => true, () => false));

        m.Fire(SessionTrigger.Acknowledge);

        Assert.Equal(SessionState.Disconnected, m.State);
    }

    [Fact]
    public void The_state_diagram_in_the_docs_is_the_export_of_the_table()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "state-machine.md")).ReplaceLineEndings("\n");

        Assert.Contains("```mermaid\n" + SessionTable.ToMermaid() + "```", doc, StringComparison.Ordinal);
    }

    private static (SessionTrigger Trigger, SessionState? Destination) Parse(string cell)
    {
        var ignore = cell.EndsWith('=');
        var parts = cell.TrimEnd('=').Split('>');
        return (Enum.Parse<SessionTrigger>(parts[0]), ignore ? null : Enum.Parse<SessionState>(parts[1]));
    }
}
