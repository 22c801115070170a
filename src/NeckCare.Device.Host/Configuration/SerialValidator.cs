using Microsoft.Extensions.Options;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Host.Configuration;

/// <summary>Serial settings that only matter, and are only checked, when the serial backend is chosen.</summary>
internal sealed class SerialValidator(IOptions<HardwareOptions> hardware, IOptions<ControlOptions> control) : IValidateOptions<SerialOptions>
{
    public ValidateOptionsResult Validate(string? name, SerialOptions options)
    {
        if (hardware.Value.Backend != HardwareBackend.Serial)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Port))
        {
            failures.Add("Serial:Port must name the serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/….");
        }

        if (!LinuxSerialPort.StandardBaudRates.Contains(options.BaudRate))
        {
            failures.Add($"Serial:BaudRate must be one of {string.Join(", ", LinuxSerialPort.StandardBaudRates)}; it is {options.BaudRate}.");
        }

        // The controller feeds the device once per tick, and while quiet it ticks every idle tick: the
        // device must hear from it at least twice per watchdog period, or it would go safe (and latch) at rest.
        var idleTick = (int)control.Value.IdleTick.TotalMilliseconds;
        if (options.WatchdogMilliseconds < 2 * idleTick)
        {
            failures.Add($"Serial:WatchdogMilliseconds must be at least twice Control:IdleTickMilliseconds ({idleTick} ms), so at least {2 * idleTick} ms; it is {options.WatchdogMilliseconds}. Lower Control:IdleTickMilliseconds or raise the watchdog.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
