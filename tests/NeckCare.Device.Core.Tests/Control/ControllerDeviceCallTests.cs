using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>
/// What the controller asks of the device, and in what order: the stop goes out before any bookkeeping,
/// only an acknowledgement clears the device's latches, and outputs follow only fresh readings.
/// </summary>
public class ControllerDeviceCallTests
{
    private static readonly DateTimeOffset Someday = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static DeviceBench Massaging(HeatLevel heat = HeatLevel.Off)
    {
        var bench = DeviceBench.Ready();
        bench.Accept(new StartSession(10, heat));
        bench.Run(TimeSpan.FromSeconds(2));
        Assert.True(bench.Controller.State.IsRunning(), $"{bench.Controller.State}: {bench.Controller.Status.Fault?.Message}");
        bench.StatesAtStop.Clear();
        return bench;
    }

    [Fact]
    public void A_stop_reaches_the_device_before_the_session_leaves_its_running_state()
    {
        var bench = Massaging();

        bench.Accept(new StopSession());

        Assert.Equal(SessionState.WarmingUp, bench.StatesAtStop[0]);
    }

    [Fact]
    public void A_controller_error_cuts_the_outputs_before_the_fault_is_latched()
    {
        var bench = Massaging();

        bench.Controller.Fail(new InvalidOperationException("boom"));

        Assert.Equal(SessionState.WarmingUp, bench.StatesAtStop[0]);
        Assert.Equal(SessionState.Faulted, bench.Controller.State);
    }

    [Fact]
    public void A_fault_the_device_reports_trips_the_session_and_the_outputs_are_cut_before_it_latches()
    {
        var bench = Massaging();

        bench.Raise(new DeviceReportedFault(Someday, DeviceFaults.MotorJam, "jam"));
        bench.Tick();

        Assert.Equal(FaultCode.MotorJam, bench.Controller.Status.Fault?.Code);
        Assert.Equal(SessionState.WarmingUp, bench.StatesAtStop[0]);
    }

    [Fact]
    public void A_lost_link_event_cuts_the_outputs_before_the_session_leaves_its_running_state()
    {
        var bench = Massaging();

        bench.Raise(new DeviceDisconnected(Someday, "cable out"));
        bench.Tick();

        Assert.Equal(SessionState.WarmingUp, bench.StatesAtStop[0]);
        Assert.Equal(FaultCode.LinkLost, bench.Controller.Status.Fault?.Code);
    }

    [Fact]
    public void A_link_the_backend_judges_silent_ends_the_session_with_a_lost_link_and_no_outputs_follow()
    {
        var bench = Massaging();
        var sent = bench.Sent.Count;

        bench.Connected = false; // no event: the backend only stopped answering
        bench.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(FaultCode.LinkLost, bench.Controller.Status.Fault?.Code);
        Assert.Contains("no answer from the device", bench.Controller.Status.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(sent, bench.Sent.Count);
    }

    [Fact]
    public void Only_an_acknowledgement_asks_the_device_to_clear_its_latches()
    {
        var bench = Massaging();
        bench.Run(TimeSpan.FromSeconds(60));
        bench.Accept(new RaiseIntensity());
        bench.Accept(new PauseSession());
        bench.Accept(new ResumeSession());
        bench.Accept(new StopSession());
        bench.Accept(new StartSession(5, HeatLevel.Off));
        Assert.Equal(0, bench.Clears);

        bench.Controller.Fail(new InvalidOperationException("boom"));
        bench.Accept(new AcknowledgeFault());

        Assert.Equal(1, bench.Clears);
    }

    [Fact]
    public void Connecting_switches_the_outputs_off_before_the_session_becomes_ready()
    {
        var bench = new DeviceBench();

        Assert.True(bench.Connect());

        Assert.Equal(SessionState.Disconnected, bench.StatesAtStop[0]);
        Assert.Equal(SessionState.Idle, bench.Controller.State);
    }

    [Fact]
    public void A_failed_connection_still_tells_the_device_to_stop()
    {
        var bench = new DeviceBench { ConnectError = new IOException("no such port") };

        Assert.False(bench.Connect());

        Assert.Equal([SessionState.Disconnected], bench.StatesAtStop);
        Assert.Equal("no such port", bench.Controller.LastConnectError);
    }

    [Fact]
    public void A_connection_attempt_that_times_out_on_its_own_is_a_failure_not_a_cancellation()
    {
        // A handshake timeout surfaces as a cancellation that nobody asked for: the caller's token is live.
        var bench = new DeviceBench { ConnectError = new TaskCanceledException("handshake timed out") };

        Assert.False(bench.Connect());

        Assert.Equal("handshake timed out", bench.Controller.LastConnectError);
    }

    [Fact]
    public void The_first_fresh_reading_after_each_connection_feeds_the_device_whatever_its_number()
    {
        var bench = new DeviceBench { FirstSample = 1 };
        Assert.True(bench.Connect());
        bench.Tick();
        Assert.Single(bench.Sent);

        bench.Connected = false;
        bench.Raise(new DeviceDisconnected(Someday, "cable out"));
        bench.Tick();
        Assert.True(bench.Connect()); // the device numbers its samples from 1 again
        bench.Tick();

        Assert.Equal(2, bench.Sent.Count);
    }

    [Fact]
    public void A_reading_seen_before_is_not_answered_with_outputs()
    {
        var bench = Massaging();
        var sent = bench.Sent.Count;

        bench.FreshSamples = false;
        bench.Tick();
        bench.Tick();

        Assert.Equal(sent, bench.Sent.Count);
    }

    [Fact]
    public void A_pad_that_overheats_as_the_link_drops_on_the_first_tick_is_reported_as_overheated()
    {
        // The guards judge the tick on which the link is lost: the cause the host can name outranks the loss.
        var bench = new DeviceBench();
        Assert.True(bench.Connect());
        bench.TemperatureC = 50;
        bench.Connected = false;

        bench.Tick();

        Assert.Equal(FaultCode.OverTemperature, bench.Controller.Status.Fault?.Code);
    }

    [Fact]
    public void Acknowledging_a_fault_the_device_still_reports_is_refused_with_that_reason()
    {
        var bench = Massaging();
        const DeviceFaults unknownToThisHost = (DeviceFaults)64;
        bench.Faults = unknownToThisHost;
        bench.Raise(new DeviceReportedFault(Someday, unknownToThisHost, "new firmware fault"));
        bench.Tick();
        Assert.Equal(FaultCode.DeviceFault, bench.Controller.Status.Fault?.Code);

        var refused = bench.Do(new AcknowledgeFault());

        Assert.False(refused.IsAccepted);
        Assert.Contains("the massager still reports a fault.", refused.Refusal!.Message, StringComparison.Ordinal);

        bench.Faults = DeviceFaults.None;
        bench.Tick();
        bench.Accept(new AcknowledgeFault());
    }

    [Fact]
    public void A_device_that_is_away_is_not_shown_even_if_its_backend_still_holds_its_identity()
    {
        var bench = DeviceBench.Ready();
        Assert.NotNull(bench.Controller.Status.Device);

        bench.Connected = false;
        bench.Tick();

        Assert.Null(bench.Controller.Status.Device);
        Assert.Null(bench.Controller.Status.Heat.TemperatureC);
    }

    [Fact]
    public void Each_session_regulates_heat_from_scratch_so_the_same_pad_gets_the_same_first_duty()
    {
        var heat = new HeatOptions();
        var bench = DeviceBench.Ready(heat, heat.HighTargetC - 0.5);

        bench.Accept(new StartSession(10, HeatLevel.High));
        bench.Tick();
        var first = bench.Sent[^1].HeaterDuty;
        bench.Run(TimeSpan.FromSeconds(30)); // the integral builds up
        Assert.True(bench.Sent[^1].HeaterDuty > first, $"{bench.Controller.State} {bench.Controller.Status.Fault?.Message} {bench.Sent[^1]} {first}");
        bench.Accept(new StopSession());
        bench.Accept(new StartSession(10, HeatLevel.High));
        bench.Tick();

        Assert.Equal(first, bench.Sent[^1].HeaterDuty, 9);
        Assert.Equal(heat.Kp * 0.5, first, 9);
    }

    [Fact]
    public void Cancelling_an_auto_tune_hands_the_heat_back_to_a_regulator_started_afresh()
    {
        var heat = new HeatOptions();
        var bench = DeviceBench.Ready(heat, heat.HighTargetC - 0.5);
        bench.Accept(new StartSession(10, HeatLevel.High));
        bench.Run(TimeSpan.FromSeconds(30)); // the integral builds up
        bench.Accept(new StartAutoTune());
        bench.Run(TimeSpan.FromSeconds(5));

        bench.Accept(new CancelAutoTune());
        bench.Tick();

        Assert.Equal(heat.Kp * 0.5, bench.Sent[^1].HeaterDuty, 9);
    }

    [Fact]
    public void An_auto_tune_still_running_when_the_session_time_runs_out_is_shown_as_abandoned_at_once()
    {
        var heat = new HeatOptions();
        var bench = DeviceBench.Ready(heat, heat.HighTargetC - 0.5);
        bench.Accept(new StartSession(5, HeatLevel.High));
        bench.Run(TimeSpan.FromSeconds(290));
        bench.Accept(new StartAutoTune());
        Assert.Equal(AutoTuneState.Running, bench.Controller.Status.AutoTune.State);

        bench.Run(TimeSpan.FromSeconds(15)); // no command in between: only time ends the session

        Assert.NotEqual(SessionState.WarmingUp, bench.Controller.State);
        Assert.False(bench.Controller.State.IsRunning());
        Assert.Equal(AutoTuneState.Aborted, bench.Controller.Status.AutoTune.State);
    }

    [Fact]
    public void After_a_heat_fault_the_device_reports_once_a_pad_that_keeps_warming_slowly_escalates_to_unplug()
    {
        // 0.05 °C/s is under the ordinary stuck-heater rule (2 °C in 20 s): only the watch that the heat
        // fault armed can catch it, and it must stay armed through the transition into Faulted.
        var heat = new HeatOptions();
        var bench = DeviceBench.Ready(heat, 40.0);
        bench.Accept(new StartSession(10, HeatLevel.High));
        bench.Run(TimeSpan.FromSeconds(5));
        bench.Raise(new DeviceReportedFault(Someday, DeviceFaults.OverTemperature, "device cut-off"));
        bench.Tick();
        Assert.Equal(FaultCode.DeviceOverTemperature, bench.Controller.Status.Fault?.Code);

        for (var i = 0; i < 300 && bench.Controller.Status.OutputsUnderControl; i++)
        {
            bench.TemperatureC += 0.005;
            bench.Tick();
        }

        Assert.False(bench.Controller.Status.OutputsUnderControl);
        Assert.Equal(FaultCode.HeaterStuckOn, bench.Controller.Status.Fault?.Code);
    }

    [Fact]
    public void When_an_auto_tune_completes_its_gains_start_from_a_fresh_regulator_not_the_integral_built_before_it()
    {
        var heat = new HeatOptions();
        var bench = DeviceBench.Ready(heat, heat.HighTargetC - 0.5);
        bench.Accept(new StartSession(15, HeatLevel.High));
        bench.Run(TimeSpan.FromSeconds(30)); // the integral builds up at 40.5 °C
        bench.Accept(new StartAutoTune());

        // A first-order pad: warms with the duty sent, cools toward 30 °C.
        for (var i = 0; i < 12_000 && bench.Controller.LastAutoTune is null; i++)
        {
            var duty = bench.Sent.Count == 0 ? 0 : bench.Sent[^1].HeaterDuty;
            bench.TemperatureC += ((duty * 0.5) - ((bench.TemperatureC - 30) * 0.02)) * 0.1;
            bench.Tick();
        }

        var tuned = Assert.IsType<AutoTuneResult>(bench.Controller.LastAutoTune);
        bench.TemperatureC += 0.49; // as fast as a plausible reading may move: out of saturation, below the target
        bench.Tick();

        // The first step of a fresh regulator is proportional only; an old integral would add to it.
        var proportional = tuned.Gains.Kp * (heat.HighTargetC - bench.TemperatureC);
        Assert.InRange(proportional, 0.01, 0.99);
        Assert.Null(bench.Controller.Status.Fault);
        Assert.Equal(proportional, bench.Sent[^1].HeaterDuty, 6);
    }

    [Fact]
    public void After_a_reconnect_the_guards_start_afresh_so_a_device_slow_with_its_first_reading_is_not_a_stale_sensor()
    {
        var bench = DeviceBench.Ready();
        bench.Connected = false;
        bench.Raise(new DeviceDisconnected(Someday, "cable out"));
        bench.Run(TimeSpan.FromSeconds(5)); // away for a while
        Assert.Equal(SessionState.Disconnected, bench.Controller.State);

        bench.FreshSamples = false; // its first reading is half a second away
        Assert.True(bench.Connect());
        bench.Run(TimeSpan.FromMilliseconds(500));

        Assert.Equal(SessionState.Idle, bench.Controller.State);
        Assert.Null(bench.Controller.Status.Fault);
    }

    [Fact]
    public void After_an_acknowledged_heat_fault_a_pad_that_warms_a_little_with_heat_off_is_not_taken_for_a_stuck_heater()
    {
        var bench = DeviceBench.Ready(temperatureC: 36.0);
        bench.Accept(new StartSession(10, HeatLevel.High));
        bench.Run(TimeSpan.FromSeconds(2));
        bench.Raise(new DeviceReportedFault(Someday, DeviceFaults.OverTemperature, "device cut-off"));
        bench.Run(TimeSpan.FromSeconds(12)); // past the settling window, the pad steady
        bench.Accept(new AcknowledgeFault());

        bench.Accept(new StartSession(10, HeatLevel.Off));
        for (var i = 0; i < 100; i++)
        {
            bench.TemperatureC += 0.005; // 0.05 °C/s, as a pad warms on a warm neck: far below the stuck-heater rule
            bench.Tick();
        }

        Assert.Null(bench.Controller.Status.Fault);
    }
}
