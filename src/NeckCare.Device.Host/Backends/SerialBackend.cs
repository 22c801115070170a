using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Host.Backends;

/// <summary>A massager's microcontroller on a serial port (Serial:Port, Serial:BaudRate).</summary>
internal sealed class SerialBackend : IBackendModule
{
    public HardwareBackend Backend => HardwareBackend.Serial;

    public IMassagerDevice Create(IServiceProvider services)
    {
        var serial = services.GetRequiredService<IOptions<SerialOptions>>().Value;
        return new SerialMassager(_ => ValueTask.FromResult(SerialTransports.Open(serial.Port, serial.BaudRate, serial.Transport)),
            serial,
            services.GetRequiredService<IOptions<SafetyOptions>>().Value.FirmwareCeilingC,
            services.GetRequiredService<TimeProvider>(),
            DeviceRegistration.LinkClock(services));
    }
}
