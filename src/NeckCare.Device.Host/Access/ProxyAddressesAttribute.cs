using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Access;

/// <summary>Api:KnownProxies is a comma-separated list of IP addresses (null is none).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ProxyAddressesAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string s || AccessOptions.ParseProxies(s) is not null;
}
