using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>End to end over a real pseudo-terminal: emulator on the master, the controller's serial port on the slave.</summary>
public class PtySessionTests
{
    private static async Task<LinkRig> ConnectedOverPtyAsync()
    {
        var rig = new LinkRig((r, _) =>
        {
            if (!r.DevicePresent)
            {
                throw new IOException("no pty");
            }

            var pty = PseudoTerminal.Open();
            r.AttachDevice(pty);
            return ValueTask.FromResult<Stream>(LinuxSerialPort.Open(pty.SlavePath, 115200));
        });
        await rig.ConnectAsync();
        return rig;
    }

    [Fact]
    public async Task Handshake_a_whole_session_and_keepalive_work_over_a_pseudo_terminal()
    {
        await using var rig = await ConnectedOverPtyAsync();
        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.Equal("emu-1.0", rig.Host.Info!.FirmwareVersion);

        rig.Accept(new StartSession(5, HeatLevel.Low));
        await rig.RunAsync(TimeSpan.FromSeconds(61));
        rig.Accept(new SetIntensity(2));
        await rig.RunAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(0.4, rig.Device.MotorCommand, 3);
        await rig.RunUntilAsync(r => r.Status.State == SessionState.Idle, TimeSpan.FromMinutes(5));

        Assert.Null(rig.Status.Fault);
        var framesBefore = rig.Device.DecoderStats.Frames;
        await rig.RunAsync(TimeSpan.FromSeconds(5));
        Assert.True(rig.Device.DecoderStats.Frames - framesBefore >= 45, "a frame from every tick");
        Assert.Equal(0, rig.Device.MotorCommand);
        rig.AssertNoWrongActuation();
    }

    [Fact]
    public async Task When_the_controller_stops_sending_over_the_pty_the_device_is_safe_within_its_watchdog()
    {
        await using var rig = await ConnectedOverPtyAsync();
        rig.Accept(new StartSession(10, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(3));
        Assert.True(rig.Device.MotorCommand > 0 && rig.Device.HeaterCommand > 0);

        _ = await rig.KillHostAndTimeDeviceSafeAsync(); // asserts ≤ 1010 ms

        Assert.True(rig.Device.Faults.HasFlag(DeviceFaults.WatchdogExpired));
    }

    [Fact]
    public async Task When_the_pty_closes_the_controller_faults_with_outputs_off_and_recovers_when_the_device_returns()
    {
        await using var rig = await ConnectedOverPtyAsync();
        rig.Accept(new StartSession(10, HeatLevel.Off));
        await rig.RunAsync(TimeSpan.FromSeconds(2));

        rig.DevicePresent = false;
        rig.DeviceEnd!.Dispose();
        await rig.RunUntilAsync(r => r.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(1));
        Assert.Equal(FaultCode.LinkLost, rig.Status.Fault?.Code);
        Assert.Equal(0, rig.Status.Outputs.MotorSpeed);

        rig.DevicePresent = true;
        Assert.True(await rig.Controller.TryConnectAsync(CancellationToken.None), rig.Controller.LastConnectError);
        await rig.RunAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(SessionState.Faulted, rig.Status.State);
        rig.Accept(new AcknowledgeFault());
        rig.Accept(new StartSession(5, HeatLevel.Off));
        await rig.RunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(0.2, rig.Device.MotorCommand, 3);
    }

    [Fact]
    public async Task With_one_percent_of_bytes_corrupted_over_the_pty_a_whole_session_completes_with_zero_wrong_actuations()
    {
        await using var rig = await ConnectedOverPtyAsync();
        await rig.RunCorruptedSessionAsync(minutes: 5, level: 3);

        Assert.Null(rig.Status.Fault);
        Assert.True(rig.Device.DecoderStats.Dropped + rig.Host.DecoderStats.Dropped > 20, "corruption was not exercised");
        rig.AssertNoWrongActuation();
    }

    [Fact]
    public async Task A_device_that_stops_answering_over_the_pty_faults_the_session_with_outputs_off()
    {
        await using var rig = await ConnectedOverPtyAsync();
        rig.Accept(new StartSession(10, HeatLevel.High));
        await rig.RunAsync(TimeSpan.FromSeconds(3));

        var took = await rig.StallDeviceUntilFaultedAsync();

        Assert.InRange(took.TotalMilliseconds, 700, 900);
        Assert.Equal(FaultCode.LinkLost, rig.Status.Fault?.Code);
        Assert.Equal(0, rig.Device.MotorCommand);
        Assert.Equal(0, rig.Device.HeaterCommand);
    }

    [Fact]
    public async Task After_a_silent_device_is_given_up_the_same_port_reopens_at_once_every_time()
    {
        // One pty for the whole test: the controller's own descriptor from the lost link must be closed
        // (and its lock released) before the reconnect, or the port reads as "in use by another program".
        using var pty = PseudoTerminal.Open();
        await using var rig = new LinkRig((_, _) => ValueTask.FromResult<Stream>(LinuxSerialPort.Open(pty.SlavePath, 115200)));
        rig.AttachDevice(pty);
        await rig.ConnectAsync();

        for (var round = 0; round < 20; round++)
        {
            rig.Device.Stalled = true;
            await rig.RunUntilAsync(r => !r.Host.IsConnected, TimeSpan.FromSeconds(2));
            rig.Device.Stalled = false;
            rig.Device.Reset();

            var reconnected = await rig.Controller.TryConnectAsync(CancellationToken.None);

            Assert.True(reconnected, $"round {round}: {rig.Controller.LastConnectError}");
            rig.CountLinkFromHere();
            await rig.RunAsync(TimeSpan.FromMilliseconds(300));
            Assert.Equal(SessionState.Idle, rig.Status.State);
        }
    }
}
