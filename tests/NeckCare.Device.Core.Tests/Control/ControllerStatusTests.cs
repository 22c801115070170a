using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>What the controller reports and how it connects, fails and acknowledges, on the shipped serial path.</summary>
public class ControllerStatusTests
{
    [Fact]
    public void A_connected_controller_shows_the_device_and_the_pad_temperature_and_a_lost_one_shows_neither()
    {
        var rig = Rig.Connected();
        Assert.NotNull(rig.Status.Device);
        Assert.True(rig.Status.Device!.HasHeater);
        Assert.NotNull(rig.Status.Heat.TemperatureC);

        rig.Unplug();
        rig.RunUntil(r => r.Status.State == SessionState.Disconnected, TimeSpan.FromSeconds(2));

        Assert.Null(rig.Status.Device);
        Assert.Null(rig.Status.Heat.TemperatureC);
    }

    [Fact]
    public void A_failed_connection_is_reported_with_its_reason_and_leaves_outputs_off()
    {
        var rig = Rig.Disconnected();
        rig.DevicePresent = false;

        Assert.False(rig.Connect());

        Assert.Equal("no device on the link", rig.Controller.LastConnectError);
        Assert.Equal(SessionState.Disconnected, rig.Status.State);
        Assert.Null(rig.Status.Device);
        rig.PlugIn();
        Assert.True(rig.Connect());
        Assert.Null(rig.Controller.LastConnectError);
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public void A_cancelled_connection_attempt_is_not_reported_as_a_failure()
    {
        var rig = Rig.Disconnected();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var attempt = rig.Controller.TryConnectAsync(cancelled.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => attempt.GetAwaiter().GetResult());
        Assert.Null(rig.Controller.LastConnectError);
    }

    [Fact]
    public void The_shown_direction_is_the_way_the_motor_actually_turns_through_every_reversal()
    {
        var rig = Rig.Running(minutes: 5);
        Assert.Equal(MotorDirection.Clockwise, rig.Status.Direction); // standing still counts as clockwise
        var mismatches = 0;
        var counterClockwiseSeen = false;
        var shownWhileStill = new List<(int Tick, MotorDirection Shown)>();
        var turning = new List<(int Tick, MotorDirection Way)>();
        for (var t = 0; t < 2000; t++)
        {
            rig.Tick();
            if (rig.Status.Outputs.MotorSpeed > 0)
            {
                counterClockwiseSeen |= rig.Status.Direction == MotorDirection.CounterClockwise;
                mismatches += rig.Status.Direction == rig.Device.Physics.Direction ? 0 : 1;
                turning.Add((t, rig.Device.Physics.Direction));
            }
            else
            {
                shownWhileStill.Add((t, rig.Status.Direction));
            }
        }

        Assert.True(counterClockwiseSeen);
        Assert.Equal(0, mismatches);
        // Standing still (at a reversal) it shows the way the motor turns next.
        var stillMismatches = shownWhileStill
            .Select(s => (s.Shown, Next: turning.FirstOrDefault(x => x.Tick > s.Tick)))
            .Count(p => p.Next != default && p.Shown != p.Next.Way);
        Assert.Equal(0, stillMismatches);
    }

    [Fact]
    public void Paused_mid_way_through_a_counter_clockwise_stretch_the_status_shows_the_way_it_will_turn_on_resume()
    {
        var rig = Rig.Running(minutes: 5);
        rig.RunUntil(r => r.Status.Direction == MotorDirection.CounterClockwise && r.Status.Outputs.MotorSpeed > 0, TimeSpan.FromMinutes(3));

        rig.Accept(new PauseSession());

        Assert.Equal(0, rig.Status.Outputs.MotorSpeed);
        Assert.Equal(MotorDirection.CounterClockwise, rig.Status.Direction);
    }

    [Fact]
    public void The_status_shows_the_heat_target_only_when_heat_is_chosen()
    {
        var rig = Rig.Running(heat: HeatLevel.Low);
        Assert.Equal(rig.Heat.LowTargetC, rig.Status.Heat.TargetC);

        rig.Accept(new SetHeat(HeatLevel.Off));

        Assert.Null(rig.Status.Heat.TargetC);
    }

    [Fact]
    public void A_failed_control_step_latches_a_controller_error_and_the_outputs_stay_off()
    {
        var rig = Rig.Running(heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(70));
        Assert.True(rig.Device.MotorCommand > 0);

        rig.Controller.Fail(new InvalidOperationException("boom"));
        rig.Link?.Pump();

        Assert.Equal(FaultCode.ControllerError, rig.Status.Fault?.Code);
        Assert.Contains("switched everything off", rig.Status.Fault!.Message, StringComparison.Ordinal);
        rig.AssertOutputsOff();
        rig.Run(TimeSpan.FromSeconds(5));
        rig.AssertOutputsOff();
        Assert.Throws<ArgumentNullException>(() => rig.Controller.Fail(null!));
    }

    [Fact]
    public void Acknowledging_while_the_device_is_away_says_the_cause_cannot_be_checked()
    {
        var rig = Rig.Running();
        rig.Controller.Fail(new InvalidOperationException("boom"));
        rig.Unplug();
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(FaultCode.ControllerError, rig.Status.Fault?.Code);

        var refusal = rig.Refuse(new AcknowledgeFault());

        Assert.Contains("not connected, so the cause cannot be checked", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acknowledging_a_lost_link_while_still_away_says_so()
    {
        var rig = Rig.Running();
        rig.Unplug();
        rig.RunUntil(r => r.Status.Fault?.Code == FaultCode.LinkLost, TimeSpan.FromSeconds(3));

        var refusal = rig.Refuse(new AcknowledgeFault());

        Assert.Contains("the massager is still not connected.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_may_not_be_null()
    {
        var rig = Rig.Connected();

        Assert.Throws<ArgumentNullException>(() => rig.Controller.Handle(null!));
    }

    [Fact]
    public void The_auto_tune_status_counts_peaks_toward_the_number_needed_and_reports_the_gains_when_done()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        Assert.Equal(0, rig.Status.AutoTune.PeaksNeeded);

        rig.Accept(new StartAutoTune());
        Assert.Equal(12, rig.Status.AutoTune.PeaksNeeded);
        rig.RunUntil(r => r.Status.AutoTune.PeaksSeen >= 3, TimeSpan.FromMinutes(10));
        Assert.InRange(rig.Status.AutoTune.PeaksSeen, 3, 11);
        rig.RunUntil(r => r.Status.AutoTune.State == AutoTuneState.Completed, TimeSpan.FromMinutes(10));

        var status = rig.Status.AutoTune;
        Assert.Equal(0, status.PeaksSeen);
        Assert.Null(status.TargetC);
        Assert.Equal(rig.Controller.LastAutoTune!.Gains.Ki, status.Ki);
        Assert.Equal(rig.Controller.LastAutoTune!.Gains.Kd, status.Kd);
        Assert.Equal(rig.Controller.LastAutoTune!.UltimateGain, status.UltimateGain);
        Assert.Equal(rig.Controller.LastAutoTune!.UltimatePeriodSeconds, status.UltimatePeriodSeconds);
    }

    [Fact]
    public void Cancelling_an_auto_tune_keeps_the_gains_that_were_in_use()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        var before = rig.Controller.Regulator.Gains;
        rig.Accept(new StartAutoTune());
        rig.Run(TimeSpan.FromSeconds(30));

        rig.Accept(new CancelAutoTune());

        Assert.Equal(AutoTuneState.Aborted, rig.Status.AutoTune.State);
        Assert.Equal(before, rig.Controller.Regulator.Gains);
        Assert.Null(rig.Controller.LastAutoTune);
    }

    [Fact]
    public void A_notice_shows_in_the_status_until_restart_and_an_empty_one_is_refused()
    {
        var rig = Rig.Connected();
        Assert.Empty(rig.Status.Notices);

        rig.Controller.AddNotice("saved gains set aside");
        rig.Tick();

        Assert.Equal(["saved gains set aside"], rig.Status.Notices);
        Assert.Throws<ArgumentException>(() => rig.Controller.AddNotice(" "));
    }

    [Fact]
    public void A_start_is_blocked_by_the_devices_faults_and_its_stop_latch_but_not_by_its_watchdog_latch()
    {
        Assert.Equal(DeviceFaults.ButtonStop,
            DeviceFaultTranslation.BlockingStart(DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired));
        Assert.Equal(DeviceFaults.OverTemperature | DeviceFaults.MotorJam,
            DeviceFaultTranslation.BlockingStart(DeviceFaults.OverTemperature | DeviceFaults.MotorJam));
        Assert.Equal(DeviceFaults.None, DeviceFaultTranslation.Reportable(DeviceFaults.ButtonStop | DeviceFaults.WatchdogExpired));
    }
}
