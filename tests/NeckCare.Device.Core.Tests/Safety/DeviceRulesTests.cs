using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

public class DeviceRulesTests
{
    [Theory]
    [InlineData(41.9, true)]
    [InlineData(42.0, false)]
    [InlineData(44.0, false)]
    public void Clear_faults_releases_an_over_temperature_only_strictly_more_than_3_degrees_below_the_ceiling(double c, bool released)
    {
        var clearable = DeviceRules.Clearable(c, 45.0);

        Assert.Equal(released, clearable.HasFlag(DeviceFaults.OverTemperature));
        Assert.True(clearable.HasFlag(DeviceFaults.ButtonStop));
        Assert.True(clearable.HasFlag(DeviceFaults.MotorJam));
        Assert.True(clearable.HasFlag(DeviceFaults.SensorFault));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(80.1)]
    [InlineData(-40.0)]
    public void Clear_faults_keeps_sensor_and_over_temperature_while_the_sensor_reads_implausibly(double c)
    {
        var clearable = DeviceRules.Clearable(c, 45.0);

        Assert.Equal(DeviceFaults.ButtonStop | DeviceFaults.MotorJam, clearable);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(double.NaN)]
    [InlineData(-40.0)]
    public void Clear_faults_never_releases_a_watchdog_expiry(double c)
    {
        Assert.False(DeviceRules.Clearable(c, 45.0).HasFlag(DeviceFaults.WatchdogExpired));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(80.0, false)]
    [InlineData(-0.01, true)]
    [InlineData(80.01, true)]
    [InlineData(double.NaN, true)]
    public void A_reading_outside_0_to_80_degrees_or_none_is_a_failed_sensor(double c, bool failed)
    {
        Assert.Equal(failed, DeviceRules.SensorFailed(c));
    }

    [Theory]
    [InlineData(44.9, false)]
    [InlineData(45.0, true)]
    [InlineData(45.1, true)]
    public void The_ceiling_is_reached_at_its_own_value(double c, bool reached)
    {
        Assert.Equal(reached, DeviceRules.AtCeiling(c, 45.0));
    }

    [Theory]
    [InlineData(50.0, 45.0)]
    [InlineData(45.0, 45.0)]
    [InlineData(42.0, 42.0)]
    [InlineData(double.NaN, 45.0)]
    [InlineData(double.PositiveInfinity, 45.0)]
    public void A_device_never_takes_a_ceiling_above_its_own(double asked, double applied)
    {
        Assert.Equal(applied, DeviceRules.CeilingC(asked));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(99, 100)]
    [InlineData(100, 100)]
    [InlineData(1000, 1000)]
    [InlineData(2000, 2000)]
    [InlineData(2001, 2000)]
    [InlineData(65535, 2000)]
    public void The_watchdog_is_clamped_to_100_to_2000_ms(int asked, int applied)
    {
        Assert.Equal(applied, DeviceRules.WatchdogMs(asked));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(500, 500)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1000)]
    public void The_heater_hold_is_clamped_to_100_to_1000_ms(int asked, int applied)
    {
        Assert.Equal(applied, DeviceRules.HeaterHoldMs(asked));
    }

    [Theory]
    [InlineData(DeviceFaults.None, true, true)]
    [InlineData(DeviceFaults.ButtonStop, false, false)]
    [InlineData(DeviceFaults.WatchdogExpired, false, false)]
    [InlineData(DeviceFaults.MotorJam, false, true)]
    [InlineData(DeviceFaults.OverTemperature, true, false)]
    [InlineData(DeviceFaults.SensorFault, true, false)]
    public void Each_latched_fault_holds_off_exactly_the_outputs_it_names(DeviceFaults latched, bool motor, bool heat)
    {
        Assert.Equal(motor, DeviceRules.MotorAllowed(latched));
        Assert.Equal(heat, DeviceRules.HeatAllowed(latched));
    }

    [Fact]
    public void A_stop_latch_lets_only_all_off_through()
    {
        Assert.True(DeviceRules.OutputsAccepted(DeviceFaults.ButtonStop, 0, 0));
        Assert.False(DeviceRules.OutputsAccepted(DeviceFaults.ButtonStop, 1, 0));
        Assert.False(DeviceRules.OutputsAccepted(DeviceFaults.ButtonStop, 0, 1));
        Assert.True(DeviceRules.OutputsAccepted(DeviceFaults.OverTemperature, 500, 500));
    }

    [Fact]
    public void A_fresh_start_releases_the_watchdog_and_the_button_and_nothing_physical()
    {
        Assert.Equal(DeviceFaults.WatchdogExpired | DeviceFaults.ButtonStop, DeviceRules.ClearedByHello);
    }

    [Fact]
    public void The_domain_hard_ceiling_is_the_devices_own()
    {
        Assert.Equal(DeviceRules.MaxCeilingC, SafetyLimits.HardFirmwareCeilingC);
    }

    [Fact]
    public void The_hosts_stale_limit_fires_at_least_two_ticks_before_the_devices_watchdog()
    {
        // A frozen sensor starves the loop, which stops feeding the device: the host must name the cause first.
        Assert.True(SafetyLimits.StaleAfter + TimeSpan.FromMilliseconds(200) <= TimeSpan.FromMilliseconds(DeviceRules.DefaultWatchdogMs));
    }
}
