using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Serial;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Links;

namespace NeckCare.Device.Host.Backends;

/// <summary>
/// The simulated massager: the firmware emulator behind the real protocol code, over an in-memory
/// link. What a newcomer runs is the same path a real massager takes.
/// </summary>
internal sealed class SimulatorBackend : IBackendModule
{
    public HardwareBackend Backend => HardwareBackend.Simulator;

    public IMassagerDevice Create(IServiceProvider services)
    {
        var emulator = services.GetRequiredService<FirmwareEmulator>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return new SerialMassager(connecting =>
            {
                connecting.ThrowIfCancellationRequested();
                var (hostEnd, deviceEnd) = InMemoryLink.CreatePair();
                _ = emulator.ServeAsync(deviceEnd, stopping);
                return ValueTask.FromResult(hostEnd);
            },
            services.GetRequiredService<IOptions<SerialOptions>>().Value,
            services.GetRequiredService<IOptions<SafetyOptions>>().Value.FirmwareCeilingC,
            services.GetRequiredService<TimeProvider>(),
            DeviceRegistration.LinkClock(services));
    }
}
