using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// MQTT and Home Assistant discovery (docs/integrator-guide.md, "Home Assistant"). Off unless
/// <see cref="Host"/> is set; the password comes from the environment file, never the command line.
/// </summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>The broker's host name or address. Empty: MQTT is off.</summary>
    public string? Host { get; set; }

    /// <summary>The broker's port: 1883, or 8883 with TLS, unless set.</summary>
    [OptionRange(1, 65535, ErrorMessage = "Mqtt:Port must be between {1} and {2}.")]
    public int? Port { get; set; }

    public bool UseTls { get; set; }

    /// <summary>A PEM file with the certificate authority that signed the broker's certificate (TLS only).</summary>
    public string? CaFile { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Default: neckcare-&lt;device id&gt;.</summary>
    public string? ClientId { get; set; }

    /// <summary>Default: neckcare/&lt;device id&gt;. Every topic the service publishes or accepts is under it.</summary>
    public string? BaseTopic { get; set; }

    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>False: on connect, clear the retained discovery configs and state, then publish nothing (how to remove the device from Home Assistant).</summary>
    public bool Announce { get; set; } = true;

    /// <summary>The page's address for Home Assistant's "visit device" link, e.g. https://neckcare.local/.</summary>
    [Url(ErrorMessage = "Mqtt:PageUrl must be an absolute http(s) address.")]
    public string? PageUrl { get; set; }

    /// <summary>The longest wait between two connection attempts (the wait doubles from 1 s up to this).</summary>
    [OptionRange(1, 600, ErrorMessage = "Mqtt:ReconnectMaxSeconds must be between {1} and {2}.")]
    public int ReconnectMaxSeconds { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? (UseTls ? 8883 : 1883);
}
