namespace NeckCare.Device.Gpio.Tests;

public class PinMapTests
{
    [Fact]
    public void The_default_pin_map_is_sound() => Assert.Empty(PinMap.Check(new GpioOptions()));

    [Fact]
    public void A_line_used_twice_names_both_options()
    {
        var problems = PinMap.Check(new GpioOptions { TachLine = 24 });

        Assert.Equal(["Gpio:StopButtonLine and Gpio:TachLine all use GPIO 24; each role needs its own line."], problems);
    }

    [Fact]
    public void A_line_the_pwm_overlay_took_is_refused()
    {
        Assert.Contains(PinMap.Check(new GpioOptions { HeaterLine = 13 }), p => p.StartsWith("Gpio:HeaterLine uses GPIO 13", StringComparison.Ordinal));
        Assert.Contains(PinMap.Check(new GpioOptions { PwmLines = "12,x" }), p => p.StartsWith("Gpio:PwmLines must be", StringComparison.Ordinal));
    }

    [Fact]
    public void The_bridge_needs_exactly_one_way_to_reverse()
    {
        Assert.Contains(PinMap.Check(new GpioOptions { MotorReversePwmChannel = -1 }), p => p.StartsWith("Gpio:MotorReversePwmChannel or Gpio:MotorDirectionLine must be set", StringComparison.Ordinal));
        Assert.Contains(PinMap.Check(new GpioOptions { MotorDirectionLine = 27 }), p => p.StartsWith("Gpio:MotorReversePwmChannel and Gpio:MotorDirectionLine are both set", StringComparison.Ordinal));
        Assert.Empty(PinMap.Check(new GpioOptions { MotorReversePwmChannel = -1, MotorDirectionLine = 27 }));
    }

    [Fact]
    public void Without_a_tach_or_a_current_sensor_a_jam_could_not_be_seen()
    {
        Assert.Contains(PinMap.Check(new GpioOptions { TachLine = -1 }), p => p.StartsWith("Gpio:TachLine or Gpio:CurrentSensor must be set", StringComparison.Ordinal));
        Assert.Empty(PinMap.Check(new GpioOptions { TachLine = -1, CurrentSensor = "ina219" }));
    }

    [Fact]
    public void Roots_must_be_absolute_and_a_chip_label_given()
    {
        Assert.Contains(PinMap.Check(new GpioOptions { SysRoot = "sys" }), p => p.StartsWith("Gpio:SysRoot and Gpio:DevRoot must be absolute", StringComparison.Ordinal));
        Assert.Contains(PinMap.Check(new GpioOptions { ChipLabels = " , " }), p => p.StartsWith("Gpio:ChipLabels must name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_or_channel_the_hardware_does_not_have_is_named()
    {
        using var tree = new TestSupport.Gpio.SimulatedGpioTree(new ManualTimeProvider());
        tree.Options.TachLine = 54;
        tree.Options.MotorReversePwmChannel = 4;

        var problems = PinMap.CheckHardware(tree.Options, tree.Kernel);

        Assert.Contains("Gpio:TachLine: pinctrl-rp1 has lines 0–53; 54 is not one of them.", problems);
        Assert.Contains("Gpio:MotorReversePwmChannel: 1f00098000.pwm has channels 0–3; 4 is not one of them.", problems);
    }
}
