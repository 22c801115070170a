using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Simulator.Physics;
using Xunit;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// The device's own safety rules (DeviceRules, PROTOCOL.md section 4) as every backend's hardware
/// obeys them: the same cases against the firmware emulator behind the serial link and against the
/// GPIO backend, which is the device when the Pi drives the pins itself.
/// </summary>
public abstract partial class MassagerDeviceContract
{
    private static readonly OutputCommand Warm = new(0.6, MotorDirection.Clockwise, 1.0);

    /// <summary>Feeds <paramref name="outputs"/> every 100 ms for <paramref name="span"/>, as the control loop would.</summary>
    private static async Task DriveAsync(IContractSubject s, OutputCommand outputs, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(100))
        {
            s.Device.SetOutputs(outputs);
            await s.RunAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task A_watchdog_expiry_is_kept_through_ClearFaults_and_released_only_by_a_fresh_connection()
    {
        await using var s = await ConnectedAsync();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(200));
        await s.RunAsync(TimeSpan.FromMilliseconds(1200)); // the loop falls silent

        s.Device.ClearFaults();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));

        Assert.True(s.Hardware.Faults.HasFlag(DeviceFaults.WatchdogExpired), s.Hardware.ToString());
        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);

        await s.Device.ConnectAsync(CancellationToken.None);
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));
        Assert.False(s.Hardware.Faults.HasFlag(DeviceFaults.WatchdogExpired), s.Hardware.ToString());
        Assert.True(s.PhysicalMotor > 0, s.Hardware.ToString());
    }

    [Fact]
    public async Task A_failed_sensor_holds_the_heater_off_and_ClearFaults_releases_it_only_once_the_reading_is_plausible()
    {
        await using var s = await ConnectedAsync();
        s.Hardware.Inject(SimulatedFault.SensorOpen);
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(400));
        Assert.Equal(DeviceFaults.SensorFault, s.Hardware.Faults);
        Assert.Equal(0, s.PhysicalHeater);
        Assert.True(s.PhysicalMotor > 0, "a sensor fault stops the heat, not the massage");

        s.Device.ClearFaults();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));
        Assert.Equal(DeviceFaults.SensorFault, s.Hardware.Faults);
        Assert.Equal(0, s.PhysicalHeater);

        s.Hardware.Clear(SimulatedFault.SensorOpen);
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));
        s.Device.ClearFaults();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));
        Assert.Equal(DeviceFaults.None, s.Hardware.Faults);
        Assert.True(s.PhysicalHeater > 0, s.Hardware.ToString());
    }

    [Fact]
    public async Task After_the_stop_button_only_off_is_obeyed_until_ClearFaults()
    {
        await using var s = await ConnectedAsync();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(200));

        s.Hardware.PressStopButton();
        await s.RunAsync(s.Hardware.ButtonCutsWithin + TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, s.PhysicalMotor);
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300)); // commands already on their way

        Assert.Equal(DeviceFaults.ButtonStop, s.Hardware.Faults);
        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);

        s.Device.ClearFaults();
        await DriveAsync(s, Warm, TimeSpan.FromMilliseconds(300));
        Assert.Equal(DeviceFaults.None, s.Hardware.Faults);
        Assert.True(s.PhysicalMotor > 0, s.Hardware.ToString());
    }
}
