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
        // Each call names its type: the binding generator writes the binding code (no reflection, Native AOT)
        // only for calls it can see the type of, and the validators are generated from the attributes.
        Bind(services.AddOptions<SessionOptions>().Bind(config.GetSection(SessionOptions.Section), Strict), new SessionOptionsValidator());
        Bind(services.AddOptions<HeatOptions>().Bind(config.GetSection(HeatOptions.Section), Strict), new HeatOptionsValidator());
        Bind(services.AddOptions<SafetyOptions>().Bind(config.GetSection(SafetyOptions.Section), Strict), new SafetyOptionsValidator());
        Bind(services.AddOptions<ControlOptions>().Bind(config.GetSection(ControlOptions.Section), Strict), new ControlOptionsValidator());
        Bind(services.AddOptions<HardwareOptions>().Bind(config.GetSection(HardwareOptions.Section), Strict), new HardwareOptionsValidator());
        Bind(services.AddOptions<SimulatorOptions>().Bind(config.GetSection(SimulatorOptions.Section), Strict), new SimulatorOptionsValidator());
        Bind(services.AddOptions<NeckCare.Device.Serial.SerialOptions>().Bind(config.GetSection(NeckCare.Device.Serial.SerialOptions.Section), Strict), new SerialOptionsValidator());
        Bind(services.AddOptions<NeckCare.Device.Gpio.GpioOptions>().Bind(config.GetSection(NeckCare.Device.Gpio.GpioOptions.Section), Strict), new GpioOptionsValidator());
        Bind(services.AddOptions<StorageOptions>().Bind(config.GetSection(StorageOptions.Section), Strict), null); // StorageValidator below
        Bind(services.AddOptions<History.HistoryOptions>().Bind(config.GetSection(History.HistoryOptions.Section), Strict), new HistoryOptionsValidator());
        Bind(services.AddOptions<Access.AccessOptions>().Bind(config.GetSection(Access.AccessOptions.Section), Strict), new AccessOptionsValidator());
        Bind(services.AddOptions<Mqtt.MqttOptions>().Bind(config.GetSection(Mqtt.MqttOptions.Section), Strict), new MqttOptionsAttributesValidator());
        services.AddSingleton<IValidateOptions<Mqtt.MqttOptions>>(new Mqtt.MqttOptionsValidator(config));
        services.AddSingleton<IValidateOptions<Access.AccessOptions>>(new Access.ListenAddressValidator(config));
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageValidator>();
        services.AddSingleton<IValidateOptions<NeckCare.Device.Serial.SerialOptions>, SerialValidator>();
        services.TryAddSingleton<NeckCare.Device.Gpio.Linux.IGpioKernel, NeckCare.Device.Gpio.Linux.LinuxGpioKernel>();
        services.AddSingleton<IValidateOptions<NeckCare.Device.Gpio.GpioOptions>, GpioValidator>();
        services.AddSingleton<IValidateOptions<SafetyOptions>, EnvelopeValidator>();
        return services;
    }

    private static void Strict(BinderOptions o) => o.ErrorOnUnknownConfiguration = true;

    private static void Bind<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(OptionsBuilder<T> options, IValidateOptions<T>? attributes)
        where T : class
    {
        if (attributes is not null)
        {
            options.Services.AddSingleton(attributes);
        }

        options.ValidateOnStart();
    }
}
