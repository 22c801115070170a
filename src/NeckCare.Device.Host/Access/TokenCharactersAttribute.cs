using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Access;

/// <summary>Api:Token uses only the characters <see cref="ApiCredential.HasAllowedCharactersOnly"/> allows (null is left to [Required]).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TokenCharactersAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || (value is string s && ApiCredential.HasAllowedCharactersOnly(s));
}
