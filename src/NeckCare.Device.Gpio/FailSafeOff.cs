using System.Globalization;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Gpio.Lines;
using NeckCare.Device.Gpio.Pwm;

namespace NeckCare.Device.Gpio;

/// <summary>
/// What the unit's ExecStopPost runs after the service has stopped, however it stopped (a crash, a
/// watchdog kill, an out-of-memory kill): a sysfs PWM keeps running without its process, so the motor
/// channels are set to duty 0 and disabled; the output lines are requested inactive and released, in
/// case something else held them. It never exports or drives anything on.
/// </summary>
public static class FailSafeOff
{
    /// <summary>0 when every output is known off; 1 when something could not be reached (each said on <paramref name="log"/>).</summary>
    public static int Run(GpioOptions options, IGpioKernel kernel, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var failures = 0;
        try
        {
            var chip = SysfsPwmChip.Open(options.SysRoot, options.PwmDevice);
            foreach (var channel in new[] { options.MotorPwmChannel, options.MotorReversePwmChannel }.Where(c => c >= 0))
            {
                var directory = Path.Combine(chip.Directory, "pwm" + channel.ToString(CultureInfo.InvariantCulture));
                if (!Directory.Exists(directory))
                {
                    log.WriteLine($"pwm {channel}: not exported, nothing to switch off");
                    continue;
                }

                File.WriteAllText(Path.Combine(directory, "duty_cycle"), "0");
                File.WriteAllText(Path.Combine(directory, "enable"), "0");
                log.WriteLine($"pwm {channel}: duty 0, disabled");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures++;
            log.WriteLine($"pwm: {ex.Message}");
        }

        try
        {
            using var gpio = GpioChip.OpenByLabel(kernel, options.DevRoot, options.ChipLabelList);
            var outputs = new List<LineSettings>
            {
                new((uint)options.HeaterLine, LineProperties.Output),
                new((uint)options.MotorEnableLine, LineProperties.Output),
            };
            if (options.MotorDirectionLine >= 0)
            {
                outputs.Add(new((uint)options.MotorDirectionLine, LineProperties.Output));
            }

            using (gpio.Request(outputs, Consumer))
            {
                log.WriteLine($"lines {string.Join(", ", outputs.Select(l => l.Offset))} on {gpio.Label}: driven inactive, then released");
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            failures++;
            log.WriteLine($"lines: {ex.Message}");
        }

        return failures == 0 ? 0 : 1;
    }

    private const string Consumer = "neckcare-failsafe";
}
