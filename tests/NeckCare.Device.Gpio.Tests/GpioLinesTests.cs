using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Gpio.Lines;
using NeckCare.Device.TestSupport.Gpio;

namespace NeckCare.Device.Gpio.Tests;

public class GpioLinesTests
{
    [Fact]
    public async Task Every_line_is_requested_with_its_role_and_outputs_start_inactive()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        var o = rig.Tree.Options;

        var request = Assert.Single(rig.Kernel.Requests);
        Assert.Equal("neckcare", request.Consumer);
        Assert.Equal(new LineSettings((uint)o.HeaterLine, LineProperties.Output), request.Line((uint)o.HeaterLine));
        Assert.Equal(new LineSettings((uint)o.MotorEnableLine, LineProperties.Output), request.Line((uint)o.MotorEnableLine));
        Assert.Equal(new LineSettings((uint)o.StopButtonLine, LineProperties.Input | LineProperties.ActiveLow | LineProperties.BiasPullUp | LineProperties.EdgeRising,
            Debounce: TimeSpan.FromMilliseconds(10)), request.Line((uint)o.StopButtonLine));
        Assert.Equal(new LineSettings((uint)o.TachLine, LineProperties.Input | LineProperties.EdgeRising), request.Line((uint)o.TachLine));
        Assert.False(rig.Level(o.HeaterLine));
        Assert.False(rig.Level(o.MotorEnableLine));
    }

    [Fact]
    public async Task A_direction_line_instead_of_a_second_pwm_channel_is_an_inactive_output_too()
    {
        await using var rig = await GpioRig.ConnectedAsync(o =>
        {
            o.MotorReversePwmChannel = -1;
            o.MotorDirectionLine = 27;
        });

        Assert.Equal(new LineSettings(27, LineProperties.Output), rig.Kernel.Requests[0].Line(27));
        rig.Drive(new(0.5, Core.Hardware.MotorDirection.CounterClockwise, 0), TimeSpan.FromMilliseconds(300));
        Assert.True(rig.Level(27));
        Assert.True(rig.Tree.MotorCommand > 0);
    }

    [Fact]
    public async Task Disconnecting_releases_every_line_and_the_kernel_returns_them_to_off()
    {
        await using var rig = await GpioRig.ConnectedAsync();
        rig.Drive(new(0.6, Core.Hardware.MotorDirection.Clockwise, 1.0), TimeSpan.FromMilliseconds(300));
        Assert.True(rig.Level(rig.Tree.Options.HeaterLine));

        await rig.Device.DisconnectAsync(CancellationToken.None);

        Assert.True(rig.Kernel.Requests[0].Released);
        Assert.Null(rig.Device.Info);
        Assert.Equal(0, rig.Kernel.OpenDescriptors);
        Assert.False(rig.Level(rig.Tree.Options.HeaterLine));
        Assert.False(rig.Level(rig.Tree.Options.MotorEnableLine));
        Assert.Equal("0", File.ReadAllText(Path.Combine(rig.Tree.PwmChipDirectory, "pwm0", "enable")).Trim());
    }

    [Fact]
    public void The_chip_is_found_by_its_label_whatever_its_number()
    {
        var kernel = new FakeGpioKernel();
        var dev = Directory.CreateTempSubdirectory("neckcare-dev-").FullName;
        try
        {
            kernel.AddChip(Path.Combine(dev, "gpiochip0"), "gpio-brcmstb@107d508500", 32);
            kernel.AddChip(Path.Combine(dev, "gpiochip4"), "pinctrl-rp1", 54); // a Pi 5 on an older kernel

            using var chip = GpioChip.OpenByLabel(kernel, dev, ["pinctrl-rp1", "pinctrl-bcm2711"]);

            Assert.Equal(Path.Combine(dev, "gpiochip4"), chip.Path);
            Assert.Equal(54u, chip.LineCount);
            var missing = Assert.Throws<IOException>(() => GpioChip.OpenByLabel(kernel, dev, ["pinctrl-bcm2835"]));
            Assert.Contains("gpiochip4 \"pinctrl-rp1\" (54 lines)", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }

    [Fact]
    public async Task A_line_another_program_holds_fails_the_connect_and_nothing_stays_requested()
    {
        var rig = new GpioRig();
        await using var _ = rig;
        using var chip = GpioChip.OpenByLabel(rig.Kernel, rig.Tree.Options.DevRoot, ["pinctrl-rp1"]);
        using var other = chip.Request([new LineSettings((uint)rig.Tree.Options.HeaterLine, LineProperties.Output)], "someone-else");

        var refused = await Assert.ThrowsAsync<IOException>(async () => await rig.Device.ConnectAsync(CancellationToken.None));

        Assert.Contains("busy", refused.Message, StringComparison.Ordinal);
        Assert.False(rig.Device.IsConnected);
        Assert.Equal(2, rig.Kernel.OpenDescriptors); // only the other program's chip and request
    }
}
