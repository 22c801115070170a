using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Sessions;

public class RoutineTests
{
    [Fact]
    public void A_connected_controller_is_idle_and_a_disconnected_one_refuses_to_start()
    {
        Assert.Equal(SessionState.Idle, Rig.Connected().Status.State);

        var rig = Rig.Disconnected();
        var refusal = rig.Refuse(new StartSession(10, HeatLevel.Off));

        Assert.Equal("no-device", refusal.Code);
        Assert.Equal(SessionState.Disconnected, rig.Status.State);
    }

    [Fact]
    public void A_session_starts_warming_up_at_the_lightest_level()
    {
        var rig = Rig.Running(minutes: 10);

        Assert.Equal(SessionState.WarmingUp, rig.Status.State);
        Assert.Equal(1, rig.Status.Intensity);
        Assert.Equal(600, rig.Status.DurationSeconds);
        Assert.Equal(60, rig.Status.WarmUpRemainingSeconds);
    }

    [Fact]
    public void Raising_during_warm_up_is_refused_with_the_seconds_left()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(20));

        var refusal = rig.Refuse(new RaiseIntensity());

        Assert.Equal("warm-up", refusal.Code);
        Assert.Equal(40, refusal.RetryAfterSeconds);
        Assert.Contains("40 s", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.Status.Intensity);
        Assert.Equal(RefusalKind.Conflict, rig.Refuse(new SetIntensity(3)).Kind);
    }

    [Fact]
    public void After_warm_up_the_user_can_raise_lower_and_set_the_level()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(60.1));
        Assert.Equal(SessionState.Massaging, rig.Status.State);

        rig.Accept(new RaiseIntensity());
        Assert.Equal(2, rig.Status.Intensity);
        rig.Accept(new SetIntensity(4));
        Assert.Equal(4, rig.Status.Intensity);
        rig.Accept(new LowerIntensity());
        Assert.Equal(3, rig.Status.Intensity);
    }

    [Fact]
    public void The_controller_never_raises_intensity_on_its_own()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        var highest = 0;
        for (var i = 0; i < 15 * 60 * 10; i++)
        {
            rig.Tick();
            highest = Math.Max(highest, rig.Status.Intensity);
        }

        Assert.Equal(1, highest);
    }

    [Fact]
    public void Levels_outside_the_device_range_are_invalid_and_name_the_range()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));

        var refusal = rig.Refuse(new SetIntensity(6));

        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal("level", refusal.Field);
        Assert.Equal("1–5", refusal.AllowedRange);
        Assert.Equal(RefusalKind.Invalid, rig.Refuse(new SetIntensity(0)).Kind);
        Assert.Equal(1, rig.Status.Intensity);
    }

    [Fact]
    public void Raising_past_the_strongest_level_or_lowering_past_the_lightest_is_refused()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        Assert.Equal("at-lightest", rig.Refuse(new LowerIntensity()).Code);
        rig.Accept(new SetIntensity(5));

        Assert.Equal("at-strongest", rig.Refuse(new RaiseIntensity()).Code);
        Assert.Equal(5, rig.Status.Intensity);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    public void Durations_outside_5_to_15_minutes_are_invalid_and_nothing_starts(int minutes)
    {
        var rig = Rig.Connected();

        var refusal = rig.Refuse(new StartSession(minutes, HeatLevel.Off));

        Assert.Equal("durationMinutes", refusal.Field);
        Assert.Equal("5–15", refusal.AllowedRange);
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public void The_session_auto_stops_exactly_at_the_chosen_duration_and_ramps_the_motor_down()
    {
        var rig = Rig.Running(minutes: 5, heat: HeatLevel.Low);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(3));

        rig.Run(TimeSpan.FromSeconds(300 - 61 - 0.1));
        Assert.Equal(SessionState.Massaging, rig.Status.State);

        rig.Tick();
        Assert.Equal(SessionState.Finishing, rig.Status.State);
        Assert.Equal(300, rig.Status.ElapsedSeconds);
        Assert.Equal(0, rig.Status.Outputs.HeaterDuty);

        // The motor ramps down over FinishRampSeconds (3 s) instead of stopping dead.
        var before = rig.Status.Outputs.MotorSpeed;
        rig.Run(TimeSpan.FromSeconds(1));
        Assert.InRange(rig.Status.Outputs.MotorSpeed, 0.01, before - 0.01);
        rig.Run(TimeSpan.FromSeconds(2.1));

        Assert.Equal(SessionState.Idle, rig.Status.State);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void A_whole_fifteen_minute_session_with_heat_runs_to_its_end_in_simulated_time()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(3));

        var took = rig.RunUntil(r => r.Status.State == SessionState.Idle, TimeSpan.FromMinutes(16));

        Assert.InRange(took.TotalSeconds, 15 * 60 - 61, 15 * 60 - 61 + 4);
        Assert.Null(rig.Status.Fault);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void Level_changes_ramp_over_about_a_second_rather_than_jumping()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(65)); // clear of the direction reversal at 60 s
        rig.Accept(new RaiseIntensity());

        rig.Tick();
        var partway = rig.Status.Outputs.MotorSpeed;
        rig.Run(TimeSpan.FromSeconds(1));

        Assert.InRange(partway, 0.2, 0.39);
        Assert.Equal(0.4, rig.Status.Outputs.MotorSpeed, 3);
    }

    [Fact]
    public void Ease_off_drops_two_levels_and_caps_raising_below_the_level_that_hurt_until_cleared()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(4));

        rig.Accept(new EaseOff());
        Assert.Equal(2, rig.Status.Intensity);
        Assert.Equal(4, rig.Status.IntensityCeiling);

        rig.Accept(new RaiseIntensity());
        Assert.Equal("ceiling", rig.Refuse(new RaiseIntensity()).Code);
        Assert.Equal("ceiling", rig.Refuse(new SetIntensity(4)).Code);
        Assert.Equal(3, rig.Status.Intensity);

        rig.Accept(new ClearCeiling());
        Assert.Null(rig.Status.IntensityCeiling);
        rig.Accept(new SetIntensity(5));
    }

    [Fact]
    public void Ease_off_never_goes_below_the_lightest_level()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(2));

        rig.Accept(new EaseOff());

        Assert.Equal(1, rig.Status.Intensity);
        Assert.Equal(2, rig.Status.IntensityCeiling);
        Assert.Equal("ceiling", rig.Refuse(new RaiseIntensity()).Code);
    }

    [Fact]
    public void Pause_switches_outputs_off_stops_the_clock_and_resume_returns_to_the_held_level()
    {
        var rig = Rig.Running(heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(3));
        rig.Run(TimeSpan.FromSeconds(10));
        var elapsed = rig.Status.ElapsedSeconds;

        rig.Accept(new PauseSession());
        rig.AssertOutputsOff();
        rig.Run(TimeSpan.FromMinutes(2));
        Assert.Equal(elapsed, rig.Status.ElapsedSeconds);
        Assert.Equal(SessionState.Paused, rig.Status.State);

        rig.Accept(new ResumeSession());
        rig.Run(TimeSpan.FromSeconds(4));
        Assert.Equal(SessionState.Massaging, rig.Status.State);
        Assert.Equal(3, rig.Status.Intensity);
        Assert.Equal(0.6, rig.Status.Outputs.MotorSpeed, 3);
        Assert.True(rig.Status.Outputs.HeaterDuty > 0);
    }

    [Fact]
    public void A_pause_during_warm_up_resumes_the_remaining_warm_up()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(30));
        rig.Accept(new PauseSession());
        rig.Run(TimeSpan.FromSeconds(100));

        rig.Accept(new ResumeSession());

        Assert.Equal(SessionState.WarmingUp, rig.Status.State);
        Assert.Equal(30, rig.Status.WarmUpRemainingSeconds);
    }

    [Fact]
    public void A_pause_longer_than_five_minutes_ends_the_session()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new PauseSession());

        rig.Run(TimeSpan.FromSeconds(299.8));
        Assert.Equal(SessionState.Paused, rig.Status.State);
        rig.Run(TimeSpan.FromSeconds(0.3));

        Assert.Equal(SessionState.Idle, rig.Status.State);
        rig.AssertOutputsOff();
    }

    [Fact]
    public void Stop_switches_everything_off_at_once_from_any_running_state_and_is_idempotent()
    {
        var rig = Rig.Running(heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(5));
        rig.Run(TimeSpan.FromSeconds(5));

        rig.Accept(new StopSession());

        Assert.Equal(SessionState.Idle, rig.Status.State);
        rig.AssertOutputsOff();
        rig.Accept(new StopSession());
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public void A_new_session_starts_at_level_one_whatever_was_used_last_time()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(5));
        rig.Accept(new EaseOff());
        rig.Accept(new StopSession());

        rig.Accept(new StartSession(5, HeatLevel.Off));

        Assert.Equal(1, rig.Status.Intensity);
        Assert.Null(rig.Status.IntensityCeiling);
    }

    [Fact]
    public void A_session_can_be_extended_but_never_past_fifteen_minutes_in_total()
    {
        var rig = Rig.Running(minutes: 10);

        rig.Accept(new ExtendSession(4));
        Assert.Equal(14 * 60, rig.Status.DurationSeconds);
        var refusal = rig.Refuse(new ExtendSession(2));
        Assert.Equal("minutes", refusal.Field);
        Assert.Equal("1–1", refusal.AllowedRange);
        rig.Accept(new ExtendSession(1));

        Assert.Equal("at-cap", rig.Refuse(new ExtendSession(1)).Code);
        Assert.Equal(15 * 60, rig.Status.DurationSeconds);
    }

    [Fact]
    public void Heat_can_be_switched_during_warm_up_but_never_without_a_session()
    {
        var idle = Rig.Connected();
        Assert.Equal("no-session", idle.Refuse(new SetHeat(HeatLevel.High)).Code);

        var rig = Rig.Running();
        rig.Accept(new SetHeat(HeatLevel.High));
        rig.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(HeatLevel.High, rig.Status.Heat.Level);
        Assert.Equal(41.0, rig.Status.Heat.TargetC);
        Assert.True(rig.Status.Outputs.HeaterDuty > 0);
    }

    [Fact]
    public void Heat_goes_off_when_the_session_ends()
    {
        var rig = Rig.Running(minutes: 5, heat: HeatLevel.High);

        rig.RunUntil(r => r.Status.State == SessionState.Finishing, TimeSpan.FromMinutes(6));

        Assert.Equal(0, rig.Device.HeaterCommand);
    }

    [Fact]
    public void The_kneading_direction_reverses_every_interval_passing_through_zero_speed()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(59));
        Assert.Equal(MotorDirection.Clockwise, rig.Status.Direction);

        rig.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(MotorDirection.CounterClockwise, rig.Status.Direction);
        Assert.Equal(MotorDirection.CounterClockwise, rig.Device.Physics.Direction);
        Assert.True(rig.Device.Physics.MotorSpeed < 0);
    }

    [Fact]
    public void Commands_that_make_no_sense_in_the_current_state_are_refused_and_change_nothing()
    {
        var rig = Rig.Connected();

        Assert.Equal("no-session", rig.Refuse(new RaiseIntensity()).Code);
        Assert.Equal("no-session", rig.Refuse(new PauseSession()).Code);
        Assert.Equal("not-paused", rig.Refuse(new ResumeSession()).Code);
        Assert.Equal("no-session", rig.Refuse(new EaseOff()).Code);
        Assert.Equal("no-session", rig.Refuse(new ExtendSession(1)).Code);
        rig.Accept(new StartSession(10, HeatLevel.Off));
        Assert.Equal("session-running", rig.Refuse(new StartSession(10, HeatLevel.Off)).Code);
        rig.Accept(new PauseSession());
        Assert.Equal("paused", rig.Refuse(new RaiseIntensity()).Code);
        Assert.Equal(SessionState.Paused, rig.Status.State);
    }

    [Fact]
    public void In_a_pause_levels_wait_for_the_resume_so_ease_off_raise_lower_and_set_are_refused_as_paused_and_resume_returns_to_the_level_before()
    {
        var rig = Rig.Running();
        rig.Run(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(4));
        rig.Accept(new PauseSession());

        Assert.Equal("paused", rig.Refuse(new EaseOff()).Code);
        Assert.Equal("paused", rig.Refuse(new RaiseIntensity()).Code);
        Assert.Equal("paused", rig.Refuse(new LowerIntensity()).Code);
        Assert.Equal("paused", rig.Refuse(new SetIntensity(2)).Code);
        Assert.Equal(4, rig.Status.Intensity);
        Assert.Null(rig.Status.IntensityCeiling);
        Assert.NotNull(rig.Status.PauseRemainingSeconds);

        rig.Accept(new ResumeSession());
        Assert.Equal(4, rig.Status.Intensity);
    }
}
