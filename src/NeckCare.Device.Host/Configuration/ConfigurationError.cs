using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using SessionOptions = NeckCare.Device.Core.Sessions.SessionOptions;

namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// Checks every options section before the host starts and collects all problems, so an integrator
/// sees each bad option with its name and allowed range at once, not a stack trace.
/// </summary>
internal static class ConfigurationError
{
    /// <summary>Exit code for bad configuration: the unit's RestartPreventExitStatus stops restarts.</summary>
    public const int ExitCode = 2;

    /// <summary>The same checks on a provider holding only the options, before anything else is built.</summary>
    public static IReadOnlyList<string> CheckBeforeBuild(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddNeckCareOptions(configuration);
        using var provider = services.BuildServiceProvider();
        return [.. MisspeltSections.Find(configuration), .. Check(provider)];
    }

    /// <summary>Prints every problem and returns the configuration-error exit code.</summary>
    public static async Task<int> ReportAsync(IReadOnlyList<string> problems, string heading = "Configuration error")
    {
        ArgumentNullException.ThrowIfNull(problems);
        await Console.Error.WriteLineAsync($"{heading}; the service will not start:").ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
        }

        return ExitCode;
    }

    /// <summary>
    /// For the GPIO backend, once the options are sound: that the chip, its lines, the PWM channels and
    /// the sensors the pin map names exist, before a single line is driven.
    /// </summary>
    public static IReadOnlyList<string> CheckHardware(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<HardwareOptions>>().Value.Backend != HardwareBackend.Gpio)
        {
            return [];
        }

        return NeckCare.Device.Gpio.PinMap.CheckHardware(
            services.GetRequiredService<IOptions<NeckCare.Device.Gpio.GpioOptions>>().Value,
            services.GetRequiredService<NeckCare.Device.Gpio.Linux.IGpioKernel>());
    }

    public static IReadOnlyList<string> Check(IServiceProvider services)
    {
        var problems = new List<string>();
        Try<SessionOptions>(services, problems);
        Try<HeatOptions>(services, problems);
        Try<ControlOptions>(services, problems);
        Try<HardwareOptions>(services, problems);
        Try<SimulatorOptions>(services, problems);
        Try<NeckCare.Device.Serial.SerialOptions>(services, problems);
        Try<NeckCare.Device.Gpio.GpioOptions>(services, problems);
        Try<StorageOptions>(services, problems);
        Try<History.HistoryOptions>(services, problems);
        Try<Access.AccessOptions>(services, problems);
        Try<Mqtt.MqttOptions>(services, problems);
        if (problems.Count == 0)
        {
            Try<SafetyOptions>(services, problems); // its cross-checks read the sections above
        }

        return problems;
    }

    private static void Try<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services, List<string> problems)
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures.Select(Tidy));
        }
        catch (InvalidOperationException ex)
        {
            // Binder errors name the key ("Failed to convert configuration value at 'Session:WarmUpSeconds'…"),
            // and ErrorOnUnknownConfiguration names misspelt keys.
            problems.Add(ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message);
        }
    }

    /// <summary>
    /// The generated validators put the property's name before our message ("WarmUpSeconds: Session:Warm…");
    /// our messages already name the option as it is written, so keep only them.
    /// </summary>
    private static string Tidy(string failure) =>
        System.Text.RegularExpressions.Regex.Replace(failure, @"^[\w.\[\]]+: ", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
}
