using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.History;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Host.Tests;

/// <summary>The recorders against the real controller on the rig, tick by tick, as the owner loop feeds them.</summary>
public class HistoryRecorderTests
{
    private sealed class Recording(Rig rig)
    {
        public SessionRecorder Sessions { get; } = new();

        public FlightRecorder Flight { get; } = new(44);

        public List<SessionRecord> Ended { get; } = [];

        public List<FaultHistoryRecord> Faults { get; } = [];

        public List<(DateTimeOffset FaultAt, string Code, DateTimeOffset At)> LateAcks { get; } = [];

        public void Run(TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += Rig.TickPeriod)
            {
                rig.Tick();
                Observe();
            }
        }

        public void Do(SessionCommand command, string by = "token")
        {
            rig.Accept(command);
            Observe(by);
        }

        private void Observe(string? by = null)
        {
            var now = rig.Time.GetUtcNow();
            if (Sessions.Observe(rig.Status, now, rig.Time.GetElapsedTime(0), by) is { } s)
            {
                Ended.Add(s);
            }

            var r = rig.Controller.LastReadings;
            var sample = new TraceSample(0, rig.Status.Heat.TemperatureC, rig.Status.Outputs.HeaterDuty, rig.Status.Outputs.MotorSpeed, r.MotorSpeed, r.MotorCurrentA, r.LinkErrors, r.Reports);
            if (Flight.Observe(rig.Status, sample, now, out var ack) is { } f)
            {
                Faults.Add(f);
            }

            if (ack is { } a)
            {
                LateAcks.Add(a);
            }
        }
    }

    private static (Rig, Recording) Started(int minutes = 5, HeatLevel heat = HeatLevel.Low, bool guided = false)
    {
        var rig = Rig.Connected();
        var rec = new Recording(rig);
        rec.Do(new StartSession(minutes, heat, guided));
        return (rig, rec);
    }

    [Fact]
    public void A_session_that_runs_its_time_is_recorded_as_completed_with_its_levels_heat_and_temperatures()
    {
        var (rig, rec) = Started(5, HeatLevel.Low);
        rec.Run(TimeSpan.FromSeconds(65));
        rec.Do(new RaiseIntensity());
        rec.Run(TimeSpan.FromSeconds(10));
        rec.Do(new RaiseIntensity());

        rec.Run(TimeSpan.FromMinutes(5));

        var s = Assert.Single(rec.Ended);
        Assert.Equal(SessionEnd.Completed, s.Ended);
        Assert.Equal(300, s.ChosenSeconds);
        Assert.InRange(s.ActualSeconds, 300, 310); // with the ramp down
        Assert.Equal(HeatLevel.Low, s.Heat);
        Assert.Equal(3, s.MaxLevel);
        Assert.Equal([1, 2, 3], s.Levels.Select(l => l.Level));
        Assert.Equal(0, s.Levels[0].AtSeconds);
        Assert.InRange(s.MaxTemperatureC!.Value, 33, 39);
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public void A_wall_clock_jump_of_hours_mid_session_changes_neither_its_length_nor_the_order_of_its_labels(int hours)
    {
        var (rig, rec) = Started(5, HeatLevel.Off);
        var startedLabel = rig.Time.GetUtcNow();
        rec.Run(TimeSpan.FromSeconds(12));
        rig.Time.JumpWallClock(TimeSpan.FromHours(hours)); // NTP arrives on a Pi with no real-time clock
        rec.Run(TimeSpan.FromSeconds(15));

        rec.Do(new StopSession());

        var s = Assert.Single(rec.Ended);
        Assert.InRange(s.ActualSeconds, 26, 28);
        Assert.Equal(startedLabel, s.StartedAt);
        Assert.Equal(s.StartedAt + TimeSpan.FromSeconds(s.ActualSeconds), s.EndedAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_stop_a_pause_too_long_a_fault_and_a_lost_device_are_each_recorded_as_such()
    {
        var (_, stopped) = Started();
        stopped.Run(TimeSpan.FromSeconds(30));
        stopped.Do(new StopSession());
        stopped.Run(TimeSpan.FromSeconds(5));

        var (_, paused) = Started();
        paused.Run(TimeSpan.FromSeconds(70));
        paused.Do(new PauseSession());
        paused.Run(TimeSpan.FromMinutes(5.1));

        var (faultedRig, faulted) = Started();
        faulted.Run(TimeSpan.FromSeconds(30));
        faultedRig.Hardware.Inject(SimulatedFault.SensorOpen);
        faulted.Run(TimeSpan.FromSeconds(1));

        var (lostRig, lost) = Started();
        lost.Run(TimeSpan.FromSeconds(30));
        lostRig.Unplug();
        lost.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(SessionEnd.Stopped, Assert.Single(stopped.Ended).Ended);
        Assert.Equal(SessionEnd.PausedTooLong, Assert.Single(paused.Ended).Ended);
        Assert.Equal(SessionEnd.Faulted, Assert.Single(faulted.Ended).Ended);
        Assert.Equal(SessionEnd.LinkLost, Assert.Single(lost.Ended).Ended);
        Assert.Equal(("token", "token"), (stopped.Ended[0].StartedBy, stopped.Ended[0].EndedBy));
        Assert.Equal(SessionRecorder.Timer, paused.Ended[0].EndedBy);
        Assert.Equal(SessionRecorder.Guard, faulted.Ended[0].EndedBy);
        Assert.Equal(SessionRecorder.Guard, lost.Ended[0].EndedBy);
    }

    [Fact]
    public void Who_started_and_who_ended_a_session_are_recorded_whoever_they_were()
    {
        var rig = Rig.Connected();
        var rec = new Recording(rig);
        rec.Do(new StartSession(5, HeatLevel.Off), by: "mqtt");
        rec.Run(TimeSpan.FromSeconds(30));
        rec.Do(new StopSession(), by: "paired: Anna's phone");

        var (_, completed) = Started(5);
        completed.Run(TimeSpan.FromMinutes(5.5));

        var (buttonRig, button) = Started();
        button.Run(TimeSpan.FromSeconds(10));
        buttonRig.Hardware.PressStopButton();
        button.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(("mqtt", "paired: Anna's phone"), (rec.Ended[0].StartedBy, rec.Ended[0].EndedBy));
        Assert.Equal(("token", SessionRecorder.Timer), (completed.Ended[0].StartedBy, completed.Ended[0].EndedBy));
        Assert.Equal(SessionRecorder.Massager, Assert.Single(button.Ended).EndedBy);
    }

    [Fact]
    public void A_stop_with_the_massagers_own_button_is_recorded_as_a_stop_at_the_massager()
    {
        var (rig, rec) = Started();
        rec.Run(TimeSpan.FromSeconds(30));

        rig.Hardware.PressStopButton();
        rec.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(SessionEnd.StoppedAtMassager, Assert.Single(rec.Ended).Ended);
        Assert.Equal(SessionEnding.StoppedAtMassager, rig.Status.LastEnding);
    }

    [Fact]
    public void A_stop_in_the_last_second_of_a_session_is_a_stop_not_a_completion()
    {
        var (rig, rec) = Started(5);
        rec.Run(TimeSpan.FromSeconds(299.5));
        Assert.Equal(SessionState.Massaging, rig.Status.State);

        rec.Do(new StopSession());

        Assert.Equal(SessionEnd.Stopped, Assert.Single(rec.Ended).Ended);
    }

    [Fact]
    public void Ease_offs_and_guided_release_are_recorded()
    {
        var (_, rec) = Started(10, HeatLevel.Off, guided: true);
        rec.Run(TimeSpan.FromSeconds(65));
        rec.Do(new SetIntensity(4));
        rec.Do(new EaseOff());
        rec.Run(TimeSpan.FromSeconds(2));
        rec.Do(new ClearCeiling());
        rec.Do(new StopSession());
        rec.Run(TimeSpan.FromSeconds(5));

        var s = Assert.Single(rec.Ended);
        Assert.True(s.GuidedRelease);
        Assert.Equal(1, s.EaseOffs);
        Assert.Equal(4, s.MaxLevel);
        Assert.Equal([4, 0], s.Ceilings.Select(c => c.Level)); // set at 4 by the ease-off, then cleared
    }

    [Fact]
    public void A_fault_is_recorded_with_the_30_seconds_before_and_the_10_after_at_the_control_rate()
    {
        var (rig, rec) = Started(15, HeatLevel.High);
        rec.Run(TimeSpan.FromSeconds(90));
        rig.Hardware.Inject(SimulatedFault.SensorOpen);
        rec.Run(TimeSpan.FromSeconds(1));
        var at = rig.Status.Fault!.At;

        rec.Run(TimeSpan.FromSeconds(10));

        var f = Assert.Single(rec.Faults);
        Assert.Equal("SensorOpen", f.Code);
        Assert.Equal(at, f.At);
        Assert.Equal(2, f.Severity); // second only to a heater stuck on
        Assert.InRange(f.Trace.Count, 395, 405); // 40 s at 10 Hz
        Assert.InRange(f.Trace[0].AtSeconds, -30, -29.8);
        Assert.InRange(f.Trace[^1].AtSeconds, 9.8, 10);
        Assert.All(f.Trace.Where(s => s.AtSeconds < -1), s => Assert.InRange(s.TemperatureC!.Value, 30, 42));
        Assert.Contains(f.Trace.Where(s => s.AtSeconds < 0), s => s.HeaterDuty > 0);
        Assert.All(f.Trace.Where(s => s.AtSeconds > 0.2), s => Assert.Equal(0, s.HeaterDuty)); // off after it
        Assert.Null(f.AcknowledgedAt);
    }

    [Fact]
    public void An_acknowledgement_is_kept_with_the_fault_whether_it_comes_within_the_10_seconds_or_later()
    {
        var (rig, rec) = Started(15, HeatLevel.Off);
        rec.Run(TimeSpan.FromSeconds(30));
        rig.Hardware.Inject(SimulatedFault.MotorJam);
        rec.Run(TimeSpan.FromSeconds(2));
        rig.Hardware.Clear(SimulatedFault.MotorJam);
        rec.Do(new AcknowledgeFault());
        rec.Run(TimeSpan.FromSeconds(10));

        Assert.NotNull(Assert.Single(rec.Faults).AcknowledgedAt);

        rec.Do(new StartSession(15, HeatLevel.Off));
        rec.Run(TimeSpan.FromSeconds(30));
        rig.Hardware.Inject(SimulatedFault.MotorJam);
        rec.Run(TimeSpan.FromSeconds(12));
        rig.Hardware.Clear(SimulatedFault.MotorJam);
        rec.Do(new AcknowledgeFault());

        Assert.Null(rec.Faults[1].AcknowledgedAt);
        var late = Assert.Single(rec.LateAcks);
        Assert.Equal(rec.Faults[1].At, late.FaultAt);
    }

    [Theory]
    [InlineData(RigBackend.Serial)]
    [InlineData(RigBackend.Gpio)]
    public void Two_faults_3_seconds_apart_each_get_their_own_record_under_their_own_code_with_their_own_trace(RigBackend backend)
    {
        using var on = Rig.On(backend);
        var (rig, rec) = Started(15, HeatLevel.Low);
        rec.Run(TimeSpan.FromSeconds(30));
        rig.Hardware.Inject(SimulatedFault.MotorJam);
        rec.Run(TimeSpan.FromSeconds(1));
        rig.Hardware.Clear(SimulatedFault.MotorJam);
        var first = rig.Status.Fault!.Code;
        rec.Do(new AcknowledgeFault());
        rec.Do(new StartSession(15, HeatLevel.Low));
        rec.Run(TimeSpan.FromSeconds(2));
        rig.Hardware.Inject(SimulatedFault.SensorGlitch);
        rec.Run(TimeSpan.FromSeconds(1));
        rig.Hardware.Clear(SimulatedFault.SensorGlitch);

        rec.Run(TimeSpan.FromSeconds(15));

        Assert.Equal(2, rec.Faults.Count);
        Assert.Equal(first.ToString(), rec.Faults[0].Code);
        Assert.Equal("SensorImplausible", rec.Faults[1].Code);
        Assert.InRange((rec.Faults[1].At - rec.Faults[0].At).TotalSeconds, 2.5, 3.5);
        Assert.NotNull(rec.Faults[0].AcknowledgedAt);
        Assert.All(rec.Faults, f => Assert.Contains(f.Trace, t => t.AtSeconds == 0));
        Assert.NotEqual(rec.Faults[0].Trace.Select(t => t.MotorCurrentA), rec.Faults[1].Trace.Select(t => t.MotorCurrentA));
    }
}
