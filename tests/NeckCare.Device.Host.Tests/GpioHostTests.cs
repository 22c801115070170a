using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Host.Control;
using NeckCare.Device.TestSupport.Gpio;
using static NeckCare.Device.Host.Tests.ApiCalls;

namespace NeckCare.Device.Host.Tests;

/// <summary>The whole product with Hardware:Backend=Gpio: the host's own backend module over the simulated Pi tree.</summary>
public class GpioHostTests
{
    private static (MassagerApp App, SimulatedGpioTree Tree) GpioApp()
    {
        var app = new MassagerApp(realBackend: true);
        var tree = new SimulatedGpioTree(app.Time);
        app.Settings["Hardware:Backend"] = "Gpio";
        app.Settings["Gpio:SysRoot"] = tree.Options.SysRoot;
        app.Settings["Gpio:DevRoot"] = tree.Options.DevRoot;
        app.Settings["Gpio:CurrentSensor"] = "ina219";
        app.ExtraServices = s =>
        {
            s.RemoveAll<IGpioKernel>();
            s.AddSingleton<IGpioKernel>(tree.Kernel);
        };
        return (app, tree);
    }

    [Fact]
    public async Task A_whole_heated_session_runs_through_the_api_on_the_pis_own_pins_and_ends_with_everything_off()
    {
        var (app, tree) = GpioApp();
        await using var _ = app;
        using var __ = tree;
        var client = await app.StartAsync();
        var status = await Status(client);
        Assert.StartsWith("Raspberry Pi GPIO (pinctrl-rp1)", status.GetProperty("device").GetProperty("model").GetString(), StringComparison.Ordinal);

        var start = await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":5,"heat":"High"}"""));
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        await app.AdvanceAsync(TimeSpan.FromSeconds(70));
        Assert.Equal("Massaging", await State(client));
        Assert.True(tree.MotorCommand > 0, "the H-bridge was not driven");
        Assert.True((await client.PostAsync("/api/v1/session/intensity/raise", null)).IsSuccessStatusCode);
        var hottest = 0.0;
        for (var i = 0; i < 4 * 60 && await State(client) != "Idle"; i++)
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(1));
            hottest = Math.Max(hottest, tree.Physics.PadC);
        }

        Assert.Equal("Idle", await State(client));
        Assert.Null((await Status(client)).GetProperty("fault").ValueKind is System.Text.Json.JsonValueKind.Null ? null : "fault");
        Assert.InRange(hottest, 38.0, 43.0); // heated by time-proportioning the heater line, under the trip
        Assert.Equal(0, tree.MotorCommand);
        Assert.Equal(0, tree.HeaterCommand);
    }

    [Fact]
    public async Task The_stop_button_on_its_gpio_line_ends_the_session_like_the_api_stop()
    {
        var (app, tree) = GpioApp();
        await using var _ = app;
        using var __ = tree;
        var client = await app.StartAsync();
        await client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":10,"heat":"Low"}"""));
        await app.AdvanceAsync(TimeSpan.FromSeconds(5));

        tree.PressStopButton();
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal("Idle", await State(client));
        Assert.Equal(0, tree.MotorCommand);
        Assert.Equal(0, tree.HeaterCommand);
    }

    [Theory]
    [InlineData("Gpio:HeaterLine", "22", "Gpio:MotorEnableLine and Gpio:HeaterLine all use GPIO 22")]
    [InlineData("Gpio:TachLine", "12", "Gpio:TachLine uses GPIO 12, which the PWM overlay has taken")]
    [InlineData("Gpio:MotorReversePwmChannel", "0", "Gpio:MotorPwmChannel and Gpio:MotorReversePwmChannel are both channel 0")]
    [InlineData("Gpio:HeaterPeriodMilliseconds", "5000", "Gpio:HeaterPeriodMilliseconds must be between 1000 and 2000 ms")]
    [InlineData("Gpio:StopButtonLine", "99", "Gpio:StopButtonLine must be between 0 and 63")]
    public void A_pin_map_mistake_is_reported_with_the_option_before_anything_is_driven(string key, string value, string expected)
    {
        var problems = ConfigurationError.CheckBeforeBuild(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hardware:Backend"] = "Gpio",
            [key] = value,
        }).Build());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Hardware_that_is_not_there_is_named_with_what_was_found_instead()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());
        var services = new ServiceCollection().AddNeckCareOptions(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hardware:Backend"] = "Gpio",
            ["Gpio:SysRoot"] = tree.Options.SysRoot,
            ["Gpio:DevRoot"] = tree.Options.DevRoot,
            ["Gpio:ChipLabels"] = "pinctrl-bcm2711",
            ["Gpio:PwmDevice"] = "fe20c000.pwm",
            ["Gpio:AdcName"] = "ads1015",
            ["Gpio:StopButtonLine"] = "60",
        }).Build());
        services.RemoveAll<IGpioKernel>();
        services.AddSingleton<IGpioKernel>(tree.Kernel);
        using var provider = services.BuildServiceProvider();

        Assert.Empty(ConfigurationError.Check(provider)); // the options themselves are sound
        var problems = ConfigurationError.CheckHardware(provider);

        Assert.Contains(problems, p => p.StartsWith("Gpio:ChipLabels: no GPIO chip labelled pinctrl-bcm2711", StringComparison.Ordinal) && p.Contains("\"pinctrl-rp1\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gpio:PwmDevice: no PWM chip belongs to fe20c000.pwm; found 1f00074000.pwm, 1f00098000.pwm", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gpio:AdcName: No IIO device named ads1015", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Kernel.Requests, r => true); // nothing was requested, let alone driven
    }

    [Fact]
    public async Task The_service_process_stops_with_exit_2_naming_the_options_when_the_pins_hardware_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("neckcare-nohw-").FullName;
        try
        {
            var (exitCode, stderr) = await StartupTests.RunServiceAsync("--Hardware:Backend=Gpio", $"--Gpio:SysRoot={empty}", $"--Gpio:DevRoot={empty}");

            Assert.Equal(2, exitCode);
            Assert.Contains("Gpio:ChipLabels: no GPIO chip labelled pinctrl-rp1 or pinctrl-bcm2711 or pinctrl-bcm2835", stderr, StringComparison.Ordinal);
            Assert.Contains("Gpio:PwmDevice: no PWM chip belongs to 1f00098000.pwm", stderr, StringComparison.Ordinal);
            Assert.Contains("Gpio:AdcName: No IIO device named ads1115", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task The_stop_post_command_switches_pwm_and_lines_off_after_the_service_died_with_them_on()
    {
        var time = new ManualTimeProvider();
        using var tree = new SimulatedGpioTree(time);
        var device = new NeckCare.Device.Gpio.GpioMassager(tree.Options, tree.Kernel, 45, time);
        await device.ConnectAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(200));
        device.SetOutputs(new(0.7, Core.Hardware.MotorDirection.Clockwise, 1.0));
        Assert.True(tree.MotorCommand > 0 && tree.HeaterCommand > 0);
        // A crash: nothing of the service runs any more. The kernel releases the lines with the process;
        // the PWM channel keeps running, which is what ExecStopPost is for.
        tree.Kernel.Close(tree.Kernel.Holder(tree.ChipPath, (uint)tree.Options.HeaterLine)!.Fd);
        Assert.True(NeckCare.Device.Gpio.Pwm.SysfsPwmChannel.ReadFraction(Path.Combine(tree.PwmChipDirectory, "pwm0")) > 0);

        var code = FailSafeCommand.Run(["--Hardware:Backend=Gpio", $"--Gpio:SysRoot={tree.Options.SysRoot}", $"--Gpio:DevRoot={tree.Options.DevRoot}"], tree.Kernel);

        Assert.Equal(0, code);
        Assert.Equal(0, NeckCare.Device.Gpio.Pwm.SysfsPwmChannel.ReadFraction(Path.Combine(tree.PwmChipDirectory, "pwm0")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(tree.PwmChipDirectory, "pwm0", "enable")).Trim());
        Assert.Equal(0, tree.HeaterCommand);
        Assert.False(tree.Kernel.Level(tree.ChipPath, (uint)tree.Options.MotorEnableLine));
        var failsafe = tree.Kernel.Requests[^1];
        Assert.Equal("neckcare-failsafe", failsafe.Consumer);
        Assert.True(failsafe.Released);
        Assert.All(failsafe.Lines, l => Assert.False(l.Initial));
    }

    [Fact]
    public void The_stop_post_command_does_nothing_for_a_backend_whose_device_switches_itself_off()
    {
        Assert.Equal(0, FailSafeCommand.Run(["--Hardware:Backend=Serial"], new FakeGpioKernel()));
    }
}
