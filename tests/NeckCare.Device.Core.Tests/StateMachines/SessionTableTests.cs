using System.Text.RegularExpressions;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Tests.StateMachines;

public partial class SessionTableTests
{
    /// <summary>
    /// What time and the device may do, written out by hand from docs/routine.md section 3: "T>S" moves
    /// to S, "T=" is accepted and ignored; every pair not listed must be refused (they never happen).
    /// </summary>
    private static readonly Dictionary<SessionState, string> Expected = new()
    {
        [SessionState.Disconnected] = "DeviceConnected>Idle DeviceLost= Fault>Faulted",
        [SessionState.Idle] = "DeviceConnected= DeviceLost>Disconnected Fault>Faulted",
        [SessionState.WarmingUp] = "DeviceConnected= DeviceLost>Faulted WarmUpElapsed>Massaging DurationReached>Finishing Fault>Faulted ReleaseStep=",
        [SessionState.Massaging] = "DeviceConnected= DeviceLost>Faulted DurationReached>Finishing Fault>Faulted ReleaseStep=",
        [SessionState.Paused] = "DeviceConnected= DeviceLost>Faulted PauseLimitReached>Idle Fault>Faulted",
        [SessionState.Finishing] = "DeviceConnected= DeviceLost>Faulted RampDownComplete>Idle Fault>Faulted",
        [SessionState.Faulted] = "DeviceConnected= DeviceLost= Fault=",
    };

    private static readonly SessionTrigger[] TimeAndDevice =
    [
        SessionTrigger.DeviceConnected, SessionTrigger.DeviceLost, SessionTrigger.WarmUpElapsed, SessionTrigger.PauseLimitReached,
        SessionTrigger.DurationReached, SessionTrigger.RampDownComplete, SessionTrigger.Fault, SessionTrigger.ReleaseStep,
    ];

    public static TheoryData<SessionState, SessionTrigger> TimeAndDevicePairs()
    {
        var data = new TheoryData<SessionState, SessionTrigger>();
        foreach (var s in SessionStateExtensions.LeafStates)
        {
            foreach (var t in TimeAndDevice)
            {
                data.Add(s, t);
            }
        }

        return data;
    }

    public static TheoryData<SessionState, SessionTrigger> UserPairs()
    {
        var data = new TheoryData<SessionState, SessionTrigger>();
        foreach (var s in SessionStateExtensions.LeafStates)
        {
            foreach (var t in SessionStateExtensions.UserTriggers)
            {
                data.Add(s, t);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TimeAndDevicePairs))]
    public void Time_and_the_device_move_the_session_exactly_as_specified(SessionState state, SessionTrigger trigger)
    {
        var m = SessionIn(state).Machine;
        var expected = Expected[state].Split(' ').Select(Parse).FirstOrDefault(e => e.Trigger == trigger);
        var argument = trigger switch
        {
            SessionTrigger.Fault => new Fault(FaultCode.MotorJam, "jam", DateTimeOffset.UnixEpoch),
            SessionTrigger.DeviceLost => "test",
            _ => (object?)null,
        };

        if (expected.Trigger != trigger)
        {
            Assert.False(m.CanFire(trigger));
            Assert.Throws<TransitionRefusedException>(() => m.Fire(trigger, argument));
            Assert.Equal(state, m.State);
        }
        else
        {
            m.Fire(trigger, argument);
            Assert.Equal(expected.Destination ?? state, m.State);
        }
    }

    [Theory]
    [MemberData(nameof(UserPairs))]
    public void Every_user_command_in_every_state_is_either_a_row_or_a_refusal_with_a_code(SessionState state, SessionTrigger trigger)
    {
        var m = SessionIn(state).Machine;

        if (!m.CanFire(trigger))
        {
            var guard = Assert.IsType<RoutineGuard>(m.WhyNot(trigger));
            Assert.False(string.IsNullOrWhiteSpace(guard.Code));
            Assert.False(string.IsNullOrWhiteSpace(guard.ToRefusal().Message));
        }
    }

    [Fact]
    public void Every_row_into_Faulted_comes_from_a_trigger_that_carries_its_cause()
    {
        var into = SessionTable.Blank().Rules.Where(r => r.Destination == SessionState.Faulted && r.Kind == RuleKind.Transition).ToList();

        Assert.NotEmpty(into);
        Assert.All(into, r => Assert.Contains(r.Trigger, new[] { SessionTrigger.Fault, SessionTrigger.DeviceLost }));
    }

    [Theory]
    [InlineData(SessionState.Massaging)]
    [InlineData(SessionState.Paused)]
    [InlineData(SessionState.Finishing)]
    public void A_lost_device_mid_session_goes_through_the_table_and_records_LinkLost(SessionState state)
    {
        var session = SessionIn(state);

        session.OnDeviceLost("cable pulled");

        Assert.Equal(SessionState.Faulted, session.State);
        Assert.Equal(FaultCode.LinkLost, session.Fault?.Code);
        Assert.Contains("cable pulled", session.Fault!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_fault_joins_the_record_and_the_more_severe_one_is_shown()
    {
        var session = SessionIn(SessionState.Massaging);

        session.Trip(FaultCode.DeviceSensorFault, "device says sensor");
        session.Trip(FaultCode.SensorOpen, "open");
        session.Trip(FaultCode.LinkLost, "lost");

        Assert.Equal(FaultCode.SensorOpen, session.Fault?.Code);
        Assert.Equal([FaultCode.DeviceSensorFault, FaultCode.SensorOpen, FaultCode.LinkLost], session.Faults.All.Select(f => f.Code));
    }

    [Fact]
    public void Acknowledge_is_refused_while_any_recorded_cause_remains_even_if_the_shown_one_cleared()
    {
        var present = new HashSet<FaultCode> { FaultCode.DeviceSensorFault };
        var session = SessionIn(SessionState.Massaging, present);
        session.Trip(FaultCode.SensorOpen, "open");
        session.Trip(FaultCode.DeviceSensorFault, "device says sensor");

        var refused = session.Handle(new AcknowledgeFault());

        Assert.Equal("cause-present", refused.Refusal?.Code);
        Assert.Equal(SessionState.Faulted, session.State);

        present.Clear();
        Assert.True(session.Handle(new AcknowledgeFault()).IsAccepted);
        Assert.Equal(SessionState.Idle, session.State);
        Assert.True(session.Faults.IsEmpty);
    }

    [Fact]
    public void Acknowledging_a_cleared_fault_without_a_device_goes_to_disconnected()
    {
        var connected = true;
        var session = new Session(new SessionOptions(), new TestSupport.ManualTimeProvider(), () => connected, _ => null);
        session.OnDeviceConnected(new Hardware.DeviceInfo("t", "1", 5, true, "ntc", 45));
        session.Trip(FaultCode.MotorJam, "jam");
        connected = false;

        Assert.True(session.Handle(new AcknowledgeFault()).IsAccepted);

        Assert.Equal(SessionState.Disconnected, session.State);
    }

    [Fact]
    public void Resume_returns_to_massaging_when_the_pause_came_after_warm_up_and_to_warm_up_otherwise()
    {
        var after = SessionIn(SessionState.Paused);
        Assert.True(after.Handle(new ResumeSession()).IsAccepted);
        Assert.Equal(SessionState.Massaging, after.State);

        var during = SessionIn(SessionState.WarmingUp);
        during.Handle(new PauseSession());
        Assert.True(during.Handle(new ResumeSession()).IsAccepted);
        Assert.Equal(SessionState.WarmingUp, during.State);
    }

    [Fact]
    public void The_state_diagram_in_the_docs_is_the_export_of_the_table()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "state-machine.md")).ReplaceLineEndings("\n");

        Assert.Contains("```mermaid\n" + SessionTable.ToMermaid() + "```", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diagram_shows_the_superstates_and_the_guards()
    {
        var mermaid = SessionTable.ToMermaid();

        Assert.Contains("state Active {", mermaid, StringComparison.Ordinal);
        Assert.Contains("state Running {", mermaid, StringComparison.Ordinal);
        Assert.Contains("Raise [warm-up: warm-up over, at-strongest: below the strongest level, personal-limit: within the personal level limit, ceiling: below the ease-off ceiling]", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refusal_code_in_the_api_docs_comes_from_a_guard_in_the_table_and_every_guard_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "api.md"));
        var section = doc[doc.IndexOf("## Refusal codes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var documented = RefusalCodeRow().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
        var table = SessionTable.Refusals().Select(g => g.Code).ToHashSet();

        Assert.Equal(table.Order(), documented.Order());
    }

    [GeneratedRegex(@"^\| `([a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex RefusalCodeRow();

    /// <summary>A session driven into <paramref name="state"/> through the table itself.</summary>
    private static Session SessionIn(SessionState state, HashSet<FaultCode>? present = null)
    {
        var time = new TestSupport.ManualTimeProvider();
        var connected = state != SessionState.Disconnected;
        var session = new Session(new SessionOptions(), time, () => connected,
            code => present?.Contains(code) == true ? "still there" : null);
        if (state == SessionState.Disconnected)
        {
            return session;
        }

        session.OnDeviceConnected(new Hardware.DeviceInfo("t", "1", 5, true, "ntc", 45));
        switch (state)
        {
            case SessionState.Faulted:
                session.Trip(FaultCode.MotorJam, "jam");
                break;
            case SessionState.Idle:
                break;
            default:
                Assert.True(session.Handle(new StartSession(10, HeatLevel.Low)).IsAccepted);
                if (state is SessionState.Massaging or SessionState.Paused or SessionState.Finishing)
                {
                    time.Advance(TimeSpan.FromSeconds(61));
                    session.Advance();
                }

                if (state == SessionState.Paused)
                {
                    session.Handle(new PauseSession());
                }

                if (state == SessionState.Finishing)
                {
                    time.Advance(TimeSpan.FromMinutes(10));
                    session.Advance();
                }

                break;
        }

        Assert.Equal(state, session.State);
        return session;
    }

    private static (SessionTrigger Trigger, SessionState? Destination) Parse(string cell)
    {
        var ignore = cell.EndsWith('=');
        var parts = cell.TrimEnd('=').Split('>');
        return (Enum.Parse<SessionTrigger>(parts[0]), ignore ? null : Enum.Parse<SessionState>(parts[1]));
    }
}
