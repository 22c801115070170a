using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionOptions = NeckCare.Device.Core.Sessions.SessionOptions;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Timing;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Host.Backends;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Links;

namespace NeckCare.Device.Host;

internal static class DeviceRegistration
{
    /// <summary>Link liveness (keepalive, watchdog, link loss) runs on the wall clock even when the simulation is time-scaled.</summary>
    internal static TimeProvider LinkClock(IServiceProvider sp) =>
        IsTimeScaled(sp) ? TimeProvider.System : sp.GetRequiredService<TimeProvider>();

    /// <remarks>
    /// Building the app resolves the clock. Options are checked before that (Program.cs); should a bad
    /// value still get here, it reads as "not scaled", and the check that follows the build stops the service.
    /// </remarks>
    private static bool IsTimeScaled(IServiceProvider sp)
    {
        try
        {
            // The simulator always runs on the paced clock, so its speed can change while it runs.
            return sp.GetRequiredService<IOptions<HardwareOptions>>().Value.Backend == HardwareBackend.Simulator;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Stands in for SimulationClock when real hardware runs on the wall clock.</summary>
    private sealed class NoClockNeeded : BackgroundService, IClockPacer
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    /// <summary>The clock, the backend chosen by Hardware:Backend, the controller and its owner loop.</summary>
    public static IServiceCollection AddMassager(this IServiceCollection services)
    {
        // Time-scaled simulation: a manual clock advanced in lock-step by SimulationClock.
        services.AddSingleton(new SimulatedTime(DateTimeOffset.UtcNow));
        services.AddSingleton<TimeProvider>(sp => IsTimeScaled(sp) ? sp.GetRequiredService<SimulatedTime>() : TimeProvider.System);
        // The simulated device is the firmware emulator behind the real protocol code, over an in-memory
        // link: what a newcomer runs is the same path a real massager takes.
        services.AddSingleton(sp => new FirmwareEmulator(
            sp.GetRequiredService<TimeProvider>(),
            intensityLevels: sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.IntensityLevels,
            linkTime: LinkClock(sp)));
        // One module per backend; Hardware:Backend picks one.
        services.AddSingleton<IBackendModule, SimulatorBackend>();
        services.AddSingleton<IBackendModule, SerialBackend>();
        services.AddSingleton<IBackendModule, GpioBackend>();
        // The library's notifier reads NOTIFY_SOCKET itself; with none set it is disabled and nothing is sent.
        services.TryAddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        services.AddSingleton(sp => new SystemdNotices(sp.GetRequiredService<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier>(),
            SystemdNotices.WatchdogFromEnvironment(), TimeProvider.System, sp.GetRequiredService<ILogger<SystemdNotices>>()));
        services.AddSingleton<IMassagerDevice>(sp =>
        {
            var backend = sp.GetRequiredService<IOptions<HardwareOptions>>().Value.Backend;
            var module = sp.GetServices<IBackendModule>().FirstOrDefault(m => m.Backend == backend)
                ?? throw new OptionsValidationException(HardwareOptions.Section, typeof(HardwareOptions),
                    [$"Hardware:Backend {backend} is not available in this build."]);
            return module.Create(sp);
        });
        services.AddSingleton(sp =>
        {
            var controller = new MassageController(
                sp.GetRequiredService<IMassagerDevice>(),
                sp.GetRequiredService<IOptions<SessionOptions>>().Value,
                sp.GetRequiredService<IOptions<HeatOptions>>().Value,
                sp.GetRequiredService<IOptions<SafetyOptions>>().Value,
                sp.GetRequiredService<TimeProvider>());
            // Gains a relay auto-tune found on this massager, kept across restarts as data (never as configuration).
            var tuned = sp.GetRequiredService<TunedGainsStore>().Load();
            if (tuned.Gains is { } gains)
            {
                controller.Regulator.Gains = gains;
            }

            if (tuned.Warning is { } warning)
            {
                controller.AddNotice(warning);
            }

            return controller;
        });
        services.AddSingleton(sp => new TunedGainsStore(
            System.IO.Path.Combine(StateDirectory.Resolve(sp), TunedGainsStore.DefaultFileName),
            sp.GetRequiredService<ILogger<TunedGainsStore>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServiceExit>();
        services.AddSingleton<History.HistoryService>();
        services.AddSingleton(sp => new Events.EventHub(sp.GetRequiredService<TimeProvider>()));
        // Simulated ticks are exact in simulated time: their regularity is measured on the wall clock.
        // (The paced clock is the registered SimulatedTime itself; a test's own clock is another instance.)
        services.AddSingleton(sp => ReferenceEquals(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SimulatedTime>())
            ? new TickTiming(TimeProvider.System, () => sp.GetRequiredService<Simulator.SimulationSpeed>().Scale)
            : new TickTiming(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ControllerService>();
        services.AddSingleton<ISessionGateway>(sp => sp.GetRequiredService<ControllerService>());
        services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());
        services.AddSingleton(sp => new Simulator.SimulationSpeed(sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.TimeScale));
        services.AddSingleton<IClockPacer>(sp => IsTimeScaled(sp)
            ? ActivatorUtilities.CreateInstance<SimulationClock>(sp)
            : new NoClockNeeded());
        services.AddHostedService(sp => sp.GetRequiredService<IClockPacer>());
        return services;
    }
}
