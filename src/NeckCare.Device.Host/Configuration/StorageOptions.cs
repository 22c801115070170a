namespace NeckCare.Device.Host.Configuration;

/// <summary>Where the service keeps what it learns (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The state directory (tuned gains today). When unset: systemd's $STATE_DIRECTORY (the unit sets
    /// StateDirectory=neckcare, so /var/lib/neckcare), else the service's content root.
    /// </summary>
    public string? StateDirectory { get; set; }
}
