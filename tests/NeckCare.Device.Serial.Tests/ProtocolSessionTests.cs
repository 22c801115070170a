using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The controller driving the emulated firmware through the real protocol code, over an in-memory link.</summary>
public class ProtocolSessionTests
{
    [Fact]
    public async Task The_handshake_reports_the_device_capabilities_and_agreed_safety_settings()
    {
        await using var rig = await LinkRig.ConnectedAsync();

        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.Equal(5, rig.Host.Info!.IntensityLevels);
        Assert.True(rig.Host.Info.HasHeater);
        Assert.Equal(45.0, rig.Host.Info.FirmwareCeilingC);
        Assert.Equal("emu-1.0", rig.Host.Info.FirmwareVersion);
        Assert.True(rig.Device.Handshaken);
    }

    [Fact]
    public async Task A_whole_heated_session_runs_to_its_auto_stop_over_the_protocol()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(5, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(65));
        rig.Accept(new SetIntensity(3));
        await rig.RunAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(0.6, rig.Device.MotorCommand, 3);
        Assert.True(rig.Device.HeaterCommand > 0);

        await rig.RunUntilAsync(r => r.Status.State == SessionState.Idle, TimeSpan.FromMinutes(5));

        Assert.Null(rig.Status.Fault);
        await rig.RunAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(0, rig.Device.HeaterCommand);
        rig.AssertNoWrongActuation();
    }

    [Fact]
    public async Task While_the_control_loop_runs_every_tick_feeds_the_device_and_the_link_stays_up()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        var before = rig.Wire.Count<Protocol.SetOutputs>();

        await rig.RunAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(rig.Wire.Count<Protocol.SetOutputs>() - before, 90, 101);
        Assert.True(rig.Device.Handshaken);
        Assert.True(rig.Host.IsConnected);
    }

    [Fact]
    public async Task With_one_percent_of_bytes_corrupted_a_whole_session_completes_with_zero_wrong_actuations()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        await rig.RunCorruptedSessionAsync(minutes: 15, level: 4);

        Assert.Null(rig.Status.Fault);
        Assert.True(rig.Device.DecoderStats.Dropped + rig.Host.DecoderStats.Dropped > 100, "corruption was not exercised");
        Assert.True(rig.Host.Statistics.Superseded > 0, "lost SetOutputs were not superseded by the next tick's");
        rig.AssertNoWrongActuation();
    }

    [Fact]
    public async Task When_the_host_stops_sending_the_device_goes_safe_within_its_watchdog_period()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(5));
        Assert.True(rig.Device.MotorCommand > 0);

        var took = await rig.KillHostAndTimeDeviceSafeAsync(); // asserts ≤ 1010 ms

        Assert.True(took > TimeSpan.FromMilliseconds(900), $"went safe after {took}, before the watchdog period");
        Assert.True(rig.Device.Faults.HasFlag(DeviceFaults.WatchdogExpired));
        Assert.False(rig.Device.Handshaken); // nothing resumes without a new handshake
    }

    [Fact]
    public async Task A_device_that_stops_answering_faults_the_session_with_outputs_off_and_recovers_when_it_returns()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(5));

        var took = await rig.StallDeviceUntilFaultedAsync();

        Assert.InRange(took.TotalMilliseconds, 700, 900);
        Assert.Equal(FaultCode.LinkLost, rig.Status.Fault?.Code);
        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(0, rig.Device.HeaterCommand);

        rig.Device.Stalled = false;
        Assert.True(await rig.Controller.TryConnectAsync(CancellationToken.None), rig.Controller.LastConnectError);
        await rig.RunAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(SessionState.Faulted, rig.Status.State); // latched: nothing resumes
        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
        rig.Accept(new StartSession(5, HeatLevel.Off));
        await rig.RunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(0.2, rig.Device.MotorCommand, 3);
    }

    [Fact]
    public async Task A_device_reset_mid_session_is_a_lost_link_and_nothing_resumes()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.Low));
        await rig.RunAsync(TimeSpan.FromSeconds(3));

        rig.Device.Reset();
        await rig.RunAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(FaultCode.LinkLost, rig.Status.Fault?.Code);
        Assert.Contains("restarted", rig.Status.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Device.MotorCommand);
    }

    [Fact]
    public async Task Unplugging_the_link_faults_the_session_and_the_controller_reconnects_when_the_device_returns()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.Off));
        await rig.RunAsync(TimeSpan.FromSeconds(2));

        rig.DevicePresent = false;
        rig.DeviceEnd!.Dispose();
        await rig.RunUntilAsync(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(1));
        Assert.False(await rig.Controller.TryConnectAsync(CancellationToken.None));

        rig.DevicePresent = true;
        Assert.True(await rig.Controller.TryConnectAsync(CancellationToken.None));
        await rig.RunAsync(TimeSpan.FromMilliseconds(300));
        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public async Task The_stop_button_on_the_device_stops_the_session_even_if_its_event_frame_is_lost()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.Off));
        await rig.RunAsync(TimeSpan.FromSeconds(2));

        rig.Device.LinkFaults.DropRate = 1.0; // the event frame goes nowhere
        rig.Device.PressStopButton();
        rig.Device.LinkFaults.DropRate = 0;
        Assert.Equal(0, rig.Device.MotorCommand);
        await rig.RunAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(SessionState.Idle, rig.Status.State);
    }

    [Fact]
    public async Task The_firmware_ceiling_cuts_heat_and_the_host_latches_the_reported_fault()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(15, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(5));

        // A host-side guard would trip at 44 °C first; make the device see 45 °C at once instead.
        rig.Device.Inject(Simulator.Physics.SimulatedFault.SensorShorted);
        await rig.RunAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(SessionState.Faulted, rig.Status.State);
        Assert.Equal(0, rig.Device.HeaterCommand);
        Assert.True(rig.Device.Faults.HasFlag(DeviceFaults.SensorFault));
    }

    [Fact]
    public async Task Garbage_bursts_on_the_line_are_counted_and_dropped_and_the_session_carries_on()
    {
        await using var rig = await LinkRig.ConnectedAsync();
        rig.Accept(new StartSession(10, HeatLevel.Low));
        await rig.RunAsync(TimeSpan.FromSeconds(2));

        for (var i = 0; i < 20; i++)
        {
            rig.Device.SendGarbage(200);
            await rig.RunAsync(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(rig.Status.State == SessionState.WarmingUp, $"{rig.Status.Fault?.Code}: {rig.Status.Fault?.Message}");
        Assert.True(rig.Host.DecoderStats.Dropped > 0);
        rig.AssertNoWrongActuation();
    }
}
