using Microsoft.Extensions.Options;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Host.Configuration;

/// <summary>Serial settings that only matter, and are only checked, when the serial backend is chosen.</summary>
internal sealed class SerialValidator(IOptions<HardwareOptions> hardware) : IValidateOptions<SerialOptions>
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
