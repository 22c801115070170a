using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Backends;

/// <summary>
/// One hardware backend: how the host builds its <see cref="IMassagerDevice"/> when Hardware:Backend
/// names it. Each backend is one module (one file) and passes the backend contract test suite; adding
/// a backend is adding a module, not editing a switch.
/// </summary>
internal interface IBackendModule
{
    HardwareBackend Backend { get; }

    IMassagerDevice Create(IServiceProvider services);
}
