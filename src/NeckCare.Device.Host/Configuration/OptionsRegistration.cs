using SessionOptions = NeckCare.Device.Core.Sessions.SessionOptions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Configuration;

internal static class OptionsRegistration
{
    /// <summary>Binds every section and validates it when the host starts: bad values stop the service.</summary>
    public static IServiceCollection AddNeckCareOptions(this IServiceCollection services, IConfiguration config)
    {
        Add<SessionOptions>(services, config, SessionOptions.Section);
        Add<HeatOptions>(services, config, HeatOptions.Section);
        Add<SafetyOptions>(services, config, SafetyOptions.Section);
        Add<ControlOptions>(services, config, ControlOptions.Section);
        Add<HardwareOptions>(services, config, HardwareOptions.Section);
        Add<SimulatorOptions>(services, config, SimulatorOptions.Section);
        Add<NeckCare.Device.Serial.SerialOptions>(services, config, NeckCare.Device.Serial.SerialOptions.Section);
        Add<NeckCare.Device.Gpio.GpioOptions>(services, config, NeckCare.Device.Gpio.GpioOptions.Section);
        Add<StorageOptions>(services, config, StorageOptions.Section);
        Add<History.HistoryOptions>(services, config, History.HistoryOptions.Section);
        Add<Access.AccessOptions>(services, config, Access.AccessOptions.Section);
        Add<Mqtt.MqttOptions>(services, config, Mqtt.MqttOptions.Section);
        services.AddSingleton<IValidateOptions<Mqtt.MqttOptions>>(new Mqtt.MqttOptionsValidator(config));
        services.AddSingleton<IValidateOptions<Access.AccessOptions>>(new Access.ListenAddressValidator(config));
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageValidator>();
        services.AddSingleton<IValidateOptions<NeckCare.Device.Serial.SerialOptions>, SerialValidator>();
        services.TryAddSingleton<NeckCare.Device.Gpio.Linux.IGpioKernel, NeckCare.Device.Gpio.Linux.LinuxGpioKernel>();
        services.AddSingleton<IValidateOptions<NeckCare.Device.Gpio.GpioOptions>, GpioValidator>();
        services.AddSingleton<IValidateOptions<SafetyOptions>, EnvelopeValidator>();
        return services;
    }

    private static void Add<T>(IServiceCollection services, IConfiguration config, string section)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(config.GetSection(section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
