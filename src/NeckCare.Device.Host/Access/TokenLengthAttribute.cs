using System.Globalization;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// Api:Token has at least <paramref name="minimum"/> characters (null is left to [Required]). Not
/// [MinLength]: that one finds a Count property by reflection, which Native AOT cannot promise.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TokenLengthAttribute(int minimum) : ValidationAttribute
{
    public int Minimum { get; } = minimum;

    public override bool IsValid(object? value) => value is null || (value is string s && s.Length >= Minimum);

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum);
}
