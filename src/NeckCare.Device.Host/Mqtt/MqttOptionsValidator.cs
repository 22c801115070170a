using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Options;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>What DataAnnotations cannot say about the MQTT options: topics, names, files and where the password came from.</summary>
internal sealed class MqttOptionsValidator(IConfiguration configuration) : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (SetOnCommandLine("Mqtt:Password"))
        {
            // Every user on the Pi can read a process's command line (ps); the environment file is the service's own.
            failures.Add("Mqtt:Password must not be given on the command line (any user can read it there); put it in the environment file as Mqtt__Password.");
        }

        if (!options.Enabled)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!HostName(options.Host!))
        {
            failures.Add($"Mqtt:Host must be a host name or an address, without a scheme or port (was '{options.Host}').");
        }

        Topic("Mqtt:BaseTopic", options.BaseTopic, failures);
        Topic("Mqtt:DiscoveryPrefix", options.DiscoveryPrefix, failures);
        if (options.ClientId is { } id && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            failures.Add($"Mqtt:ClientId must be 1–64 letters, digits, '-' or '_' (was '{id}').");
        }

        if (options.Password is not null && string.IsNullOrEmpty(options.Username))
        {
            failures.Add("Mqtt:Password is set without Mqtt:Username; set both or neither.");
        }

        if (options.CaFile is { } ca)
        {
            if (!options.UseTls)
            {
                failures.Add("Mqtt:CaFile is set but Mqtt:UseTls is false; set Mqtt:UseTls to true to use it.");
            }
            else if (!File.Exists(ca))
            {
                failures.Add($"Mqtt:CaFile ({ca}) does not exist or cannot be read by the service.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private bool SetOnCommandLine(string key) =>
        configuration is IConfigurationRoot root
        && root.Providers.OfType<CommandLineConfigurationProvider>().Any(p => p.TryGet(key, out _));

    private static bool HostName(string host) =>
        host.Length <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '_')
        && !host.Contains("//", StringComparison.Ordinal) && Uri.CheckHostName(host) != UriHostNameType.Unknown;

    /// <summary>A topic the service publishes under: no wildcards, no empty levels at either end.</summary>
    private static void Topic(string key, string? topic, List<string> failures)
    {
        if (topic is null)
        {
            return;
        }

        if (topic.Length is 0 or > 200 || topic.StartsWith('/') || topic.EndsWith('/')
            || topic.Any(c => c is '+' or '#' or '\0' || char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{key} must be 1–200 characters with no '+', '#', spaces or control characters, and must not start or end with '/' (was '{topic}').");
        }
    }
}
