using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Gpio.Lines;
using NeckCare.Device.Gpio.Pwm;
using NeckCare.Device.Gpio.Sensors;

namespace NeckCare.Device.Gpio;

/// <summary>
/// Checks a pin map before anything is driven: every problem is named with its option, so a wiring
/// mistake stops the service at start-up (exit 2) instead of driving the wrong pin.
/// </summary>
public static class PinMap
{
    /// <summary>The lines the map uses, with the option that names each (roles that are off are left out).</summary>
    public static IReadOnlyList<(string Option, int Line)> Lines(GpioOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var lines = new List<(string, int)>
        {
            ("Gpio:MotorEnableLine", o.MotorEnableLine),
            ("Gpio:HeaterLine", o.HeaterLine),
            ("Gpio:StopButtonLine", o.StopButtonLine),
        };
        if (o.MotorDirectionLine >= 0)
        {
            lines.Add(("Gpio:MotorDirectionLine", o.MotorDirectionLine));
        }

        if (o.TachLine >= 0)
        {
            lines.Add(("Gpio:TachLine", o.TachLine));
        }

        return lines;
    }

    /// <summary>What can be judged from the options alone.</summary>
    public static IReadOnlyList<string> Check(GpioOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var problems = new List<string>();
        foreach (var group in Lines(o).GroupBy(l => l.Line).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", group.Select(g => g.Option))} all use GPIO {group.Key}; each role needs its own line.");
        }

        var pwmLines = o.PwmLineList;
        if (pwmLines.Any(l => l < 0))
        {
            problems.Add($"Gpio:PwmLines must be a comma-separated list of GPIO numbers; it is \"{o.PwmLines}\".");
        }

        foreach (var (option, line) in Lines(o).Where(l => pwmLines.Contains(l.Line)))
        {
            problems.Add($"{option} uses GPIO {line}, which the PWM overlay has taken (Gpio:PwmLines {o.PwmLines}).");
        }

        if (o.MotorReversePwmChannel < 0 && o.MotorDirectionLine < 0)
        {
            problems.Add("Gpio:MotorReversePwmChannel or Gpio:MotorDirectionLine must be set: the H-bridge needs a second input to reverse.");
        }

        if (o.MotorReversePwmChannel >= 0 && o.MotorDirectionLine >= 0)
        {
            problems.Add("Gpio:MotorReversePwmChannel and Gpio:MotorDirectionLine are both set; wire one (−1 turns the other off).");
        }

        if (o.MotorReversePwmChannel == o.MotorPwmChannel)
        {
            problems.Add($"Gpio:MotorPwmChannel and Gpio:MotorReversePwmChannel are both channel {o.MotorPwmChannel}; the bridge's two inputs need two channels.");
        }

        if (o.TachLine < 0 && string.IsNullOrWhiteSpace(o.CurrentSensor))
        {
            problems.Add("Gpio:TachLine or Gpio:CurrentSensor must be set: without rotation or current, a jammed motor cannot be detected.");
        }

        if (o.ChipLabelList.Count == 0)
        {
            problems.Add("Gpio:ChipLabels must name at least one GPIO chip label, e.g. pinctrl-rp1.");
        }

        if (!Path.IsPathRooted(o.SysRoot) || !Path.IsPathRooted(o.DevRoot))
        {
            problems.Add($"Gpio:SysRoot and Gpio:DevRoot must be absolute paths; they are \"{o.SysRoot}\" and \"{o.DevRoot}\".");
        }

        return problems;
    }

    /// <summary>What needs the hardware: the chip, its lines, the PWM channels and the sensors exist.</summary>
    public static IReadOnlyList<string> CheckHardware(GpioOptions o, IGpioKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(o);
        var problems = new List<string>();
        try
        {
            var chips = GpioChip.List(kernel, o.DevRoot);
            var chip = o.ChipLabelList.Select(l => chips.FirstOrDefault(c => c.Label == l)).FirstOrDefault(c => c.Path is not null);
            if (chip.Path is null)
            {
                problems.Add($"Gpio:ChipLabels: no GPIO chip labelled {string.Join(" or ", o.ChipLabelList)} under {o.DevRoot}; found "
                    + (chips.Count == 0 ? "none (is the service user in group gpio?)" : string.Join(", ", chips.Select(c => $"\"{c.Label}\""))) + ".");
            }
            else
            {
                foreach (var (option, line) in Lines(o).Where(l => l.Line >= chip.Lines))
                {
                    problems.Add($"{option}: {chip.Label} has lines 0–{chip.Lines - 1}; {line} is not one of them.");
                }
            }
        }
        catch (IOException ex)
        {
            problems.Add($"Gpio:ChipLabels: {ex.Message}");
        }

        var pwm = SysfsPwmChip.List(o.SysRoot).FirstOrDefault(c => c.Device == o.PwmDevice);
        if (pwm.Directory is null)
        {
            var found = SysfsPwmChip.List(o.SysRoot);
            problems.Add($"Gpio:PwmDevice: no PWM chip belongs to {o.PwmDevice}; found "
                + (found.Count == 0 ? "none (is dtoverlay=pwm-2chan in config.txt?)" : string.Join(", ", found.Select(c => c.Device))) + ".");
        }
        else
        {
            foreach (var (option, channel) in new[] { ("Gpio:MotorPwmChannel", o.MotorPwmChannel), ("Gpio:MotorReversePwmChannel", o.MotorReversePwmChannel) }
                         .Where(c => c.Item2 >= pwm.Channels))
            {
                problems.Add($"{option}: {o.PwmDevice} has channels 0–{pwm.Channels - 1}; {channel} is not one of them.");
            }
        }

        Probe(problems, "Gpio:AdcName", () => IioAdcChannel.Open(o.SysRoot, o.AdcName, o.AdcChannel));
        if (!string.IsNullOrWhiteSpace(o.CurrentSensor))
        {
            Probe(problems, "Gpio:CurrentSensor", () => HwmonCurrent.Open(o.SysRoot, o.CurrentSensor));
        }

        if (!string.IsNullOrWhiteSpace(o.Ds18b20Id) && !File.Exists(Ds18b20.PathOf(o.SysRoot, o.Ds18b20Id)))
        {
            problems.Add($"Gpio:Ds18b20Id: {Ds18b20.PathOf(o.SysRoot, o.Ds18b20Id)} does not exist (is dtoverlay=w1-gpio in config.txt?).");
        }

        return problems;
    }

    private static void Probe(List<string> problems, string option, Func<object> open)
    {
        try
        {
            _ = open();
        }
        catch (IOException ex)
        {
            problems.Add($"{option}: {ex.Message}");
        }
    }
}
