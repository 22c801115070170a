using NeckCare.Device.Gpio.Pwm;
using NeckCare.Device.TestSupport.Gpio;

namespace NeckCare.Device.Gpio.Tests;

public class PwmTests
{
    [Fact]
    public void A_channel_is_exported_then_given_its_period_before_its_duty_then_enabled()
    {
        using var recording = new RecordingPwmChip();
        var chip = SysfsPwmChip.Open(recording.Root, "1f00098000.pwm");

        var channel = chip.Export(1, TimeSpan.FromSeconds(30));
        channel.Configure(50_000);
        channel.Drive(0.4);
        channel.Drive(0.4); // unchanged: nothing more is written
        channel.Off();

        Assert.Equal(
        [
            "export",
            "pwm1/duty_cycle", // 0: whatever a previous run left, the duty may not exceed the new period
            "pwm1/period",
            "pwm1/duty_cycle",
            "pwm1/enable",
            "pwm1/duty_cycle", // off: duty 0, then disabled
            "pwm1/enable",
        ], recording.UpToNow());
        Assert.Equal("1", recording.Read("export"));
        Assert.Equal("50000", recording.Read("pwm1/period"));
        Assert.Equal("0", recording.Read("pwm1/duty_cycle"));
        Assert.Equal("0", recording.Read("pwm1/enable"));
    }

    [Fact]
    public void The_chip_is_found_by_the_device_it_belongs_to_not_by_its_number()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());

        var chip = SysfsPwmChip.Open(tree.Options.SysRoot, SimulatedGpioTree.PwmDevice);

        Assert.EndsWith("pwmchip2", chip.Directory, StringComparison.Ordinal); // pwmchip0 belongs to another controller
        Assert.Equal(4, chip.ChannelCount);
        var missing = Assert.Throws<IOException>(() => SysfsPwmChip.Open(tree.Options.SysRoot, "fe20c000.pwm"));
        Assert.Contains("pwmchip0 of 1f00074000.pwm (2 channels), pwmchip2 of 1f00098000.pwm (4 channels)", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.Export(4, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void An_exported_channel_left_running_by_a_crash_is_taken_over_with_the_duty_cleared_before_the_period_changes()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());
        var pwm0 = Path.Combine(tree.PwmChipDirectory, "pwm0");
        File.WriteAllText(Path.Combine(pwm0, "period"), "1000000");
        File.WriteAllText(Path.Combine(pwm0, "duty_cycle"), "900000");
        File.WriteAllText(Path.Combine(pwm0, "enable"), "1");

        var channel = SysfsPwmChip.Open(tree.Options.SysRoot, SimulatedGpioTree.PwmDevice).Export(0, TimeSpan.FromSeconds(1));
        channel.Configure(50_000);
        channel.Off();

        Assert.Equal(0, SysfsPwmChannel.ReadFraction(pwm0));
        Assert.Equal("50000", File.ReadAllText(Path.Combine(pwm0, "period")).Trim());
    }

    [Theory]
    [InlineData(7.0, 50_000)]
    [InlineData(-1.0, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(0.25, 12_500)]
    public void The_duty_is_clamped_to_the_period(double asked, long expectedNs)
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());
        var channel = SysfsPwmChip.Open(tree.Options.SysRoot, SimulatedGpioTree.PwmDevice).Export(0, TimeSpan.FromSeconds(1));
        channel.Configure(50_000);

        channel.Drive(asked);

        Assert.Equal(expectedNs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(tree.PwmChipDirectory, "pwm0", "duty_cycle")).Trim());
    }

    [Fact]
    public void A_channel_that_never_appears_after_export_is_a_clear_error()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider(), pwmExported: false);
        var chip = SysfsPwmChip.Open(tree.Options.SysRoot, SimulatedGpioTree.PwmDevice);

        var error = Assert.Throws<IOException>(() => chip.Export(0, TimeSpan.FromMilliseconds(20)));

        Assert.Contains("group gpio", error.Message, StringComparison.Ordinal);
    }
}
