using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Sessions;

/// <summary>Seed 001's technique: after an ease-off, back up slowly to one below the point of pain, only if chosen.</summary>
public class GuidedReleaseTests
{
    /// <summary>A session with guided release chosen, at level 5 after the warm-up, eased off once (ceiling 5, level 3).</summary>
    private static Rig EasedOffFromFive(bool guided = true)
    {
        var rig = Rig.Running(15, guidedRelease: guided);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(5));
        rig.Accept(new EaseOff());
        Assert.Equal(3, rig.Status.Intensity);
        Assert.Equal(5, rig.Status.IntensityCeiling);
        return rig;
    }

    [Fact]
    public void After_an_ease_off_it_climbs_one_level_at_a_time_to_one_below_the_ceiling_over_the_configured_time_and_holds()
    {
        var rig = EasedOffFromFive();
        Assert.True(rig.Status.GuidedRelease.Active);
        Assert.Equal(4, rig.Status.GuidedRelease.TargetLevel);

        var took = rig.RunUntil(r => r.Status.Intensity == 4, TimeSpan.FromSeconds(90));

        Assert.InRange(took.TotalSeconds, 74.9, 75.2); // one step over the default 75 s
        Assert.False(rig.Status.GuidedRelease.Active);
        rig.Run(TimeSpan.FromMinutes(3));
        Assert.Equal(4, rig.Status.Intensity); // holds below the point of pain
    }

    [Fact]
    public void The_steps_are_spread_evenly_when_there_are_several()
    {
        var rig = Rig.Running(15, guidedRelease: true);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(5));
        rig.Accept(new EaseOff()); // 5 → 3, ceiling 5
        rig.Accept(new ClearCeiling());
        rig.Accept(new SetIntensity(5));
        rig.Accept(new EaseOff()); // 5 → 3 again; a new release from 3 to 4
        rig.Accept(new LowerIntensity()); // the user's own command cancels it
        Assert.False(rig.Status.GuidedRelease.Active);
        rig.Accept(new LowerIntensity()); // level 1
        rig.Accept(new RaiseIntensity());
        rig.Accept(new RaiseIntensity());
        rig.Accept(new RaiseIntensity()); // 4: below the ceiling of 5
        rig.Accept(new EaseOff()); // 4 → 2, ceiling 4: climb 2 → 3 in one step
        Assert.Equal(3, rig.Status.GuidedRelease.TargetLevel);
        rig.RunUntil(r => !r.Status.GuidedRelease.Active, TimeSpan.FromSeconds(80));
        Assert.Equal(3, rig.Status.Intensity);
    }

    [Fact]
    public void It_never_rises_without_being_chosen()
    {
        var rig = EasedOffFromFive(guided: false);

        rig.Run(TimeSpan.FromMinutes(3));

        Assert.Equal(3, rig.Status.Intensity);
        Assert.False(rig.Status.GuidedRelease.Chosen);
        Assert.False(rig.Status.GuidedRelease.Active);
    }

    [Theory]
    [InlineData("raise")]
    [InlineData("lower")]
    [InlineData("set")]
    [InlineData("pause")]
    public void Any_user_intensity_command_or_a_pause_cancels_it(string command)
    {
        var rig = EasedOffFromFive();
        rig.Run(TimeSpan.FromSeconds(10));

        rig.Accept(command switch
        {
            "raise" => new RaiseIntensity(),
            "lower" => new LowerIntensity(),
            "set" => new SetIntensity(2),
            _ => new PauseSession(),
        });
        var level = rig.Status.Intensity;
        if (command == "pause")
        {
            rig.Accept(new ResumeSession());
        }

        rig.Run(TimeSpan.FromMinutes(2));

        Assert.False(rig.Status.GuidedRelease.Active);
        Assert.Equal(command == "pause" ? 3 : level, rig.Status.Intensity);
    }

    [Fact]
    public void Another_ease_off_cancels_it_and_climbs_again_only_to_below_the_new_lower_ceiling()
    {
        var rig = EasedOffFromFive();
        rig.Accept(new EaseOff()); // 3 → 1, ceiling 3

        Assert.Equal(1, rig.Status.Intensity);
        Assert.Equal(3, rig.Status.IntensityCeiling);
        Assert.Equal(2, rig.Status.GuidedRelease.TargetLevel);
        rig.Run(TimeSpan.FromMinutes(3));
        Assert.Equal(2, rig.Status.Intensity);
    }

    [Fact]
    public void Stopping_ends_it_and_the_next_session_has_none_unless_chosen_again()
    {
        var rig = EasedOffFromFive();
        rig.Accept(new StopSession());
        Assert.False(rig.Status.GuidedRelease.Active);

        rig.Accept(new StartSession(10, Core.Heat.HeatLevel.Off));
        Assert.False(rig.Status.GuidedRelease.Chosen);
    }

    [Fact]
    public void An_ease_off_during_the_warm_up_waits_for_the_warm_up_to_end_before_climbing()
    {
        var rig = Rig.Running(15, guidedRelease: true);
        rig.Run(TimeSpan.FromSeconds(5));
        rig.Accept(new EaseOff()); // level 1 → 1, ceiling 1: nothing to climb
        Assert.False(rig.Status.GuidedRelease.Active);

        var session = new Session(new SessionOptions { WarmUpSeconds = 60 }, rig.Time, () => true, _ => null);
        session.OnDeviceConnected(new Hardware.DeviceInfo("t", "1", 5, false, "ntc", 45));
        session.Handle(new StartSession(10, Core.Heat.HeatLevel.Off, GuidedRelease: true));
        rig.Time.Advance(TimeSpan.FromSeconds(61));
        session.Advance();
        session.Handle(new SetIntensity(5));
        session.Handle(new PauseSession());
        session.Handle(new ResumeSession()); // back to Massaging; now ease off and watch the steps
        session.Handle(new EaseOff());
        Assert.Equal(3, session.Level);
        Assert.True(session.GuidedReleaseActive);
        Assert.True(session.Machine.CanFire(SessionTrigger.ReleaseStep));
    }
}
