using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Physics;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Sessions;

/// <summary>
/// The status's <c>commands</c> say exactly what each user command would be answered now (issue 22,
/// item 2). In every state the routine has, every command is fired through the shipped path and its
/// answer compared with what the status said beforehand: allowed, or refused with the same code and
/// the same words; for commands that take a value, every value.
/// </summary>
public sealed class CommandChoicesTests
{
    private static readonly Dictionary<string, Func<Rig>> Situations = new()
    {
        ["disconnected"] = Rig.Disconnected,
        ["idle"] = () => Rig.Connected(),
        ["idle with personal limits (level 3, heat Low, 7 minutes)"] = () =>
        {
            var rig = Rig.Connected();
            rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxLevel: 3, MaxHeat: HeatLevel.Low, DefaultMinutes: 7, DefaultHeat: HeatLevel.Low)));
            return rig;
        },
        ["warming up"] = () => Rig.Running(10, HeatLevel.High),
        ["massaging at level 1"] = () => Massaging(),
        ["massaging at a personal limit of 3"] = () =>
        {
            var rig = Rig.Connected();
            rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxLevel: 3)));
            rig.Accept(new StartSession(10, HeatLevel.Low));
            rig.Run(TimeSpan.FromSeconds(61));
            rig.Accept(new SetIntensity(3));
            return rig;
        },
        ["massaging under an ease-off ceiling"] = () =>
        {
            var rig = Massaging();
            rig.Accept(new SetIntensity(4));
            rig.Accept(new EaseOff());
            return rig;
        },
        ["massaging at the 15-minute cap"] = () => Massaging(15),
        ["paused during the warm-up"] = () =>
        {
            var rig = Rig.Running(10, HeatLevel.Low);
            rig.Accept(new PauseSession());
            return rig;
        },
        ["paused after the warm-up"] = () =>
        {
            var rig = Massaging();
            rig.Accept(new PauseSession());
            return rig;
        },
        ["finishing"] = () =>
        {
            var rig = Rig.Running(5);
            rig.RunUntil(r => r.Status.State == SessionState.Finishing, TimeSpan.FromMinutes(6));
            return rig;
        },
        ["faulted with the cause present"] = () =>
        {
            var rig = Massaging();
            rig.Hardware.Inject(SimulatedFault.SensorOpen);
            rig.RunUntil(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(5));
            return rig;
        },
        ["faulted with the cause gone"] = () =>
        {
            var rig = Massaging();
            rig.Hardware.Inject(SimulatedFault.SensorOpen);
            rig.RunUntil(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(5));
            rig.Hardware.Clear(SimulatedFault.SensorOpen);
            rig.Run(TimeSpan.FromSeconds(30));
            return rig;
        },
    };

    public static TheoryData<string> SituationNames => [.. Situations.Keys];

    private static Rig Massaging(int minutes = 10)
    {
        var rig = Rig.Running(minutes, HeatLevel.Low);
        rig.Run(TimeSpan.FromSeconds(61));
        return rig;
    }

    /// <summary>Every command with a fixed answer, and how to read its entry.</summary>
    private static readonly (SessionCommand Command, Func<SessionCommands, CommandAvailability> Entry)[] Plain =
    [
        (new StopSession(), c => c.Stop),
        (new RaiseIntensity(), c => c.Raise),
        (new LowerIntensity(), c => c.Lower),
        (new EaseOff(), c => c.EaseOff),
        (new ClearCeiling(), c => c.ClearCeiling),
        (new PauseSession(), c => c.Pause),
        (new ResumeSession(), c => c.Resume),
        (new AcknowledgeFault(), c => c.Acknowledge),
        (new StartAutoTune(), c => c.StartAutoTune),
        (new CancelAutoTune(), c => c.CancelAutoTune),
    ];

    [Theory]
    [MemberData(nameof(SituationNames))]
    public void Every_command_is_answered_as_the_status_said_beforehand(string situation)
    {
        var make = Situations[situation];
        var rig = make();
        var said = rig.Status.Commands;
        var limits = rig.Status.Limits;

        foreach (var (command, entry) in Plain)
        {
            Check(situation, command, entry(said), ref rig, make);
        }

        Check(situation, new StartSession(limits.DefaultMinutes, limits.DefaultHeat, limits.GuidedRelease), said.Start, ref rig, make);

        for (var level = 1; level <= rig.Status.MaxIntensity; level++)
        {
            var expected = said.SetLevel.Levels is { } r && level >= r.Min && level <= r.Max;
            Expect(situation, new SetIntensity(level), expected, said.SetLevel, ref rig, make);
        }

        foreach (var heat in Enum.GetValues<HeatLevel>())
        {
            Expect(situation, new SetHeat(heat), said.SetHeat.Heat?.Contains(heat) == true, said.SetHeat, ref rig, make);
            if (said.Start.Allowed)
            {
                Expect(situation, new StartSession(limits.DefaultMinutes, heat, limits.GuidedRelease), said.Start.Heat!.Contains(heat), said.Start, ref rig, make, sameWords: false);
            }
        }

        for (var minutes = 1; minutes <= SessionLimits.MaxMinutes; minutes++)
        {
            var expected = said.Extend.Minutes is { } r && minutes >= r.Min && minutes <= r.Max;
            Expect(situation, new ExtendSession(minutes), expected, said.Extend, ref rig, make);
        }
    }

    private static void Check(string situation, SessionCommand command, CommandAvailability said, ref Rig rig, Func<Rig> make) =>
        Expect(situation, command, said.Allowed, said, ref rig, make);

    /// <summary>
    /// Fires <paramref name="command"/> and compares. A refusal changes nothing, so the same rig serves the
    /// next command; an accepted one changed the session, so the situation is made afresh after it.
    /// </summary>
    private static void Expect(string situation, SessionCommand command, bool accepted, CommandAvailability said, ref Rig rig, Func<Rig> make, bool sameWords = true)
    {
        var before = rig.Status.State;
        var answer = rig.Do(command);
        Assert.True(answer.IsAccepted == accepted,
            $"{situation}: {command} was {(answer.IsAccepted ? "accepted" : $"refused ({answer.Refusal!.Code}: {answer.Refusal.Message})")}; the status said {said}");
        if (answer.IsAccepted)
        {
            rig = make();
            return;
        }

        Assert.Equal(before, rig.Status.State);
        if (sameWords && !said.Allowed)
        {
            Assert.Equal((said.Code, said.Reason), (answer.Refusal!.Code, answer.Refusal.Message));
        }
    }

    [Fact]
    public void With_a_personal_limit_of_3_levels_above_3_are_not_offered_and_raise_at_3_says_why()
    {
        var rig = Situations["massaging at a personal limit of 3"]();

        var commands = rig.Status.Commands;

        Assert.Equal(new ValueRange(1, 3), commands.SetLevel.Levels);
        Assert.False(commands.Raise.Allowed);
        Assert.Equal("personal-limit", commands.Raise.Code);
        Assert.True(commands.EaseOff.Allowed);
        Assert.Equal([HeatLevel.Off, HeatLevel.Low, HeatLevel.High], commands.SetHeat.Heat);
    }

    [Fact]
    public void Idle_offers_a_start_with_the_saved_defaults_and_only_the_heat_the_limits_allow()
    {
        var rig = Situations["idle with personal limits (level 3, heat Low, 7 minutes)"]();

        var start = rig.Status.Commands.Start;

        Assert.True(start.Allowed);
        Assert.Equal(new ValueRange(SessionLimits.MinMinutes, SessionLimits.MaxMinutes), start.Minutes);
        Assert.Equal([HeatLevel.Off, HeatLevel.Low], start.Heat);
        Assert.False(rig.Status.Commands.Raise.Allowed);
        Assert.Equal("no-session", rig.Status.Commands.Raise.Code);
    }

    [Fact]
    public void A_fault_can_be_acknowledged_only_once_the_status_says_so_and_until_then_it_says_why()
    {
        var present = Situations["faulted with the cause present"]().Status.Commands;
        var gone = Situations["faulted with the cause gone"]().Status.Commands;

        Assert.Equal((false, "cause-present"), (present.Acknowledge.Allowed, present.Acknowledge.Code));
        Assert.Equal((false, "fault-latched"), (present.Start.Allowed, present.Start.Code));
        Assert.True(gone.Acknowledge.Allowed);
        Assert.True(present.Stop.Allowed); // stop always works
    }
}
