using Microsoft.Extensions.Options;
using NeckCare.Device.Gpio;

namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// The pin map, checked only when the GPIO backend is chosen, from the options alone (a line used
/// twice, a missing second bridge input). That the hardware exists is checked after the host is built
/// (<see cref="ConfigurationError.CheckHardware"/>), through the same kernel seam the backend uses.
/// Either kind of problem stops the service at start-up (exit 2) with the option named.
/// </summary>
internal sealed class GpioValidator(IOptions<HardwareOptions> hardware) : IValidateOptions<GpioOptions>
{
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        if (hardware.Value.Backend != HardwareBackend.Gpio)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = PinMap.Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
