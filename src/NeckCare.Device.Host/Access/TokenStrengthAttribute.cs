using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// Api:Token carries at least <see cref="ApiCredential.MinimumBits"/> bits by <see cref="ApiCredential.EstimatedBits"/>
/// (null is left to the generator). A short or patterned token set by hand could be guessed through any
/// answer that tells right from wrong (a Stop always acts on the right one, lockout or not).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TokenStrengthAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string s || ApiCredential.EstimatedBits(s) >= ApiCredential.MinimumBits;
}
