using Microsoft.Extensions.Options;
using NeckCare.Device.Gpio;
using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// The pin map, checked only when the GPIO backend is chosen: first what the options alone say (a line
/// used twice, a missing second bridge input), then, if they are sound, that the chip, its lines, the
/// PWM channels and the sensors exist. Either kind of problem stops the service at start-up (exit 2)
/// with the option named, before a single line is driven.
/// </summary>
internal sealed class GpioValidator(IOptions<HardwareOptions> hardware, IGpioKernel kernel) : IValidateOptions<GpioOptions>
{
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        if (hardware.Value.Backend != HardwareBackend.Gpio)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = PinMap.Check(options);
        if (problems.Count == 0)
        {
            problems = PinMap.CheckHardware(options, kernel);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
