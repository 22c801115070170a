using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Sessions;

/// <summary>The session's clocks and counters, exactly: what the status shows and when time acts.</summary>
public class SessionNumbersTests
{
    private readonly ManualTimeProvider _time = new();

    private Session Started(int minutes = 10, bool guided = false)
    {
        var s = new Session(new SessionOptions(), _time, () => true, _ => null);
        s.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        Assert.True(s.Handle(new StartSession(minutes, HeatLevel.Low, guided)).IsAccepted);
        return s;
    }

    private void Wait(Session s, double seconds)
    {
        _time.Advance(TimeSpan.FromSeconds(seconds));
        s.Advance();
    }

    [Fact]
    public void Elapsed_remaining_and_warm_up_left_are_exact()
    {
        var s = Started();
        Wait(s, 30);

        Assert.Equal(TimeSpan.FromSeconds(30), s.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(570), s.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(30), s.WarmUpRemaining);
    }

    [Fact]
    public void The_warm_up_ends_at_exactly_its_length()
    {
        var s = Started();
        Wait(s, 59.99);
        Assert.Equal(SessionState.WarmingUp, s.State);

        Wait(s, 0.01);
        Assert.Equal(SessionState.Massaging, s.State);
        Assert.Equal(TimeSpan.Zero, s.WarmUpRemaining);
    }

    [Fact]
    public void Elapsed_never_passes_the_duration_and_the_ramp_down_takes_exactly_its_time()
    {
        var s = Started(minutes: 5);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(TimeSpan.FromMinutes(5), s.Elapsed);
        Assert.Equal(TimeSpan.Zero, s.Remaining);

        s.Advance();
        Assert.Equal(SessionState.Finishing, s.State);
        Wait(s, 2.99);
        Assert.Equal(SessionState.Finishing, s.State);
        Assert.Equal(TimeSpan.FromSeconds(2.99), s.FinishingFor);
        Wait(s, 0.01);
        Assert.Equal(SessionState.Idle, s.State);
        Assert.Equal(TimeSpan.Zero, s.FinishingFor);
        Assert.Equal(TimeSpan.Zero, s.WarmUpRemaining);
    }

    [Fact]
    public void A_pause_holds_the_clock_shows_its_time_left_and_ends_the_session_at_exactly_its_limit()
    {
        var s = Started();
        Wait(s, 70);
        Assert.Null(s.PauseRemaining);
        s.Handle(new PauseSession());
        Wait(s, 100);

        Assert.Equal(TimeSpan.FromSeconds(70), s.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(200), s.PauseRemaining);
        Wait(s, 199.99);
        Assert.Equal(SessionState.Paused, s.State);
        Wait(s, 0.01);
        Assert.Equal(SessionState.Idle, s.State);
        Assert.Null(s.PauseRemaining);
    }

    [Fact]
    public void The_kneading_direction_reverses_at_exactly_the_reversal_interval()
    {
        var s = Started();
        Wait(s, 59.99);
        Assert.Equal(MotorDirection.Clockwise, s.Direction);
        Wait(s, 0.01);
        Assert.Equal(MotorDirection.CounterClockwise, s.Direction);
        Wait(s, 60);
        Assert.Equal(MotorDirection.Clockwise, s.Direction);
    }

    [Fact]
    public void A_guided_release_step_comes_at_exactly_the_configured_time_and_the_status_counts_down_to_it()
    {
        var s = Started(guided: true);
        Wait(s, 61);
        s.Handle(new SetIntensity(4));
        s.Handle(new EaseOff());
        Assert.Equal(3, s.GuidedReleaseTarget);
        Wait(s, 30);
        Assert.Equal(TimeSpan.FromSeconds(45), s.GuidedReleaseNextStepIn);

        Wait(s, 44.99);
        Assert.Equal(2, s.Level);
        Wait(s, 0.01);
        Assert.Equal(3, s.Level);
        Assert.False(s.GuidedReleaseActive);
        Assert.Null(s.GuidedReleaseTarget);
        Assert.Null(s.GuidedReleaseNextStepIn);
    }

    [Fact]
    public void Stopping_clears_the_sessions_choices_at_once()
    {
        var s = Started(guided: true);
        s.Handle(new StartAutoTune());
        Assert.True(s.AutoTuneWanted);

        s.Handle(new StopSession());

        Assert.False(s.GuidedReleaseChosen);
        Assert.False(s.AutoTuneWanted);
        Assert.Equal(0, s.Level);
        Assert.Equal(TimeSpan.Zero, s.Duration);
        Assert.Equal(TimeSpan.Zero, s.Elapsed);
    }

    [Fact]
    public void Switching_heat_abandons_a_requested_auto_tune()
    {
        var s = Started();
        s.Handle(new StartAutoTune());

        s.Handle(new SetHeat(HeatLevel.High));

        Assert.False(s.AutoTuneWanted);
    }

    [Fact]
    public void A_new_session_starts_with_its_clock_at_zero_after_one_that_was_stopped_mid_way()
    {
        var s = Started();
        Wait(s, 90);
        s.Handle(new StopSession());
        Wait(s, 10);

        s.Handle(new StartSession(10, HeatLevel.Off));

        Assert.Equal(TimeSpan.Zero, s.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(60), s.WarmUpRemaining);
    }

    [Fact]
    public void The_cause_named_when_acknowledge_is_refused_is_the_most_severe_one_still_present()
    {
        var present = new HashSet<FaultCode> { FaultCode.LinkLost, FaultCode.SensorOpen };
        var s = new Session(new SessionOptions(), _time, () => true, c => present.Contains(c) ? c.ToString() : null);
        s.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        s.Trip(FaultCode.LinkLost, "lost");
        s.Trip(FaultCode.SensorOpen, "open");

        var refusal = s.Handle(new AcknowledgeFault()).Refusal;

        Assert.Contains("SensorOpen", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_guided_release_still_under_way_when_the_session_ends_ends_with_it()
    {
        var s = Started(minutes: 5, guided: true);
        Wait(s, 240);
        Assert.True(s.Handle(new SetIntensity(5)).IsAccepted);
        Assert.True(s.Handle(new EaseOff()).IsAccepted);
        Assert.True(s.GuidedReleaseActive); // its step is due at 315 s, after the end

        Wait(s, 60);

        Assert.Equal(SessionState.Finishing, s.State);
        Assert.False(s.GuidedReleaseActive);
        Assert.Null(s.GuidedReleaseNextStepIn);
    }

    [Fact]
    public void Easing_off_at_level_two_during_a_release_ends_the_release_since_nothing_lies_below_the_new_ceiling()
    {
        var s = Started(guided: true);
        Wait(s, 61);
        Assert.True(s.Handle(new SetIntensity(4)).IsAccepted);
        Assert.True(s.Handle(new EaseOff()).IsAccepted); // level 2, ceiling 4, climbing to 3
        Assert.True(s.GuidedReleaseActive);

        Assert.True(s.Handle(new EaseOff()).IsAccepted); // level 1, ceiling 2: the release has nowhere to go

        Assert.Equal(1, s.Level);
        Assert.False(s.GuidedReleaseActive);
    }

    [Fact]
    public void Raising_reaches_the_strongest_level_and_stops_there()
    {
        var s = Started();
        Wait(s, 61);
        for (var level = 2; level <= 5; level++)
        {
            Assert.True(s.Handle(new RaiseIntensity()).IsAccepted, $"raise to {level}");
        }

        Assert.Equal("at-strongest", s.Handle(new RaiseIntensity()).Refusal?.Code);
        Assert.Equal(5, s.Level);
    }

    [Fact]
    public void Session_time_held_by_a_pause_is_the_time_it_ran_however_long_the_session_waited_to_start()
    {
        var s = new Session(new SessionOptions(), _time, () => true, _ => null);
        s.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        _time.Advance(TimeSpan.FromSeconds(500)); // idle for a while before the session starts
        Assert.True(s.Handle(new StartSession(10, HeatLevel.Low)).IsAccepted);
        Wait(s, 20);

        Assert.True(s.Handle(new PauseSession()).IsAccepted);
        Wait(s, 30);

        Assert.Equal(TimeSpan.FromSeconds(20), s.Elapsed);
    }
}
