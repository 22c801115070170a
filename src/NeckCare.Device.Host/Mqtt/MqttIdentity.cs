using System.Security.Cryptography;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// Who this controller is to the broker and to Home Assistant: a random id made once and kept in the
/// state directory, so entity ids, topics and the device entry stay the same across restarts and upgrades.
/// </summary>
public sealed record MqttIdentity(string DeviceId, string ClientId, string BaseTopic, string DiscoveryPrefix, string ControllerVersion)
{
    public const string FileName = "mqtt-device-id";

    public static MqttIdentity For(MqttOptions options, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var id = LoadOrCreate(Path.Combine(stateDirectory, FileName));
        var version = typeof(MqttIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new MqttIdentity(id, options.ClientId ?? $"neckcare-{id}", options.BaseTopic ?? $"neckcare/{id}", options.DiscoveryPrefix, version);
    }

    private static string LoadOrCreate(string path)
    {
        try
        {
            var kept = File.ReadAllText(path).Trim();
            if (kept.Length == 12 && kept.All(char.IsAsciiHexDigitLower))
            {
                return kept;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var temp = path + ".tmp";
        File.WriteAllText(temp, id + "\n");
        File.Move(temp, path, overwrite: true);
        return id;
    }
}
