using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Gpio;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Backends;

/// <summary>A massager with no microcontroller, driven from the Pi's own pins (section "Gpio").</summary>
internal sealed class GpioBackend : IBackendModule
{
    public HardwareBackend Backend => HardwareBackend.Gpio;

    public IMassagerDevice Create(IServiceProvider services) => new GpioMassager(
        services.GetRequiredService<IOptions<GpioOptions>>().Value,
        services.GetRequiredService<IGpioKernel>(),
        services.GetRequiredService<IOptions<SafetyOptions>>().Value.FirmwareCeilingC,
        services.GetRequiredService<TimeProvider>());
}
