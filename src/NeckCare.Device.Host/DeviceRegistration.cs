using SessionOptions = NeckCare.Device.Core.Sessions.SessionOptions;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Core.Timing;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Simulator;

namespace NeckCare.Device.Host;

internal static class DeviceRegistration
{
    /// <summary>The clock, the backend chosen by Hardware:Backend, the controller and its owner loop.</summary>
    public static IServiceCollection AddMassager(this IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(sp =>
        {
            var scale = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.TimeScale;
            return scale > 1.0 ? new ScaledTimeProvider(TimeProvider.System, scale) : TimeProvider.System;
        });
        services.AddSingleton<IMassagerDevice>(sp =>
        {
            var backend = sp.GetRequiredService<IOptions<HardwareOptions>>().Value.Backend;
            return backend switch
            {
                HardwareBackend.Simulator => new SimulatedMassager(
                    sp.GetRequiredService<TimeProvider>(),
                    intensityLevels: sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.IntensityLevels,
                    firmwareCeilingC: sp.GetRequiredService<IOptions<SafetyOptions>>().Value.FirmwareCeilingC),
                _ => throw new OptionsValidationException(HardwareOptions.Section, typeof(HardwareOptions),
                    [$"Hardware:Backend {backend} is not available in this build."]),
            };
        });
        services.AddSingleton(sp => new MassageController(
            sp.GetRequiredService<IMassagerDevice>(),
            sp.GetRequiredService<IOptions<SessionOptions>>().Value,
            sp.GetRequiredService<IOptions<HeatOptions>>().Value,
            sp.GetRequiredService<IOptions<SafetyOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TunedGainsStore(
            System.IO.Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, TunedGainsStore.DefaultFileName),
            sp.GetRequiredService<ILogger<TunedGainsStore>>()));
        services.AddSingleton<ControllerService>();
        services.AddSingleton<ISessionGateway>(sp => sp.GetRequiredService<ControllerService>());
        services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());
        return services;
    }
}
