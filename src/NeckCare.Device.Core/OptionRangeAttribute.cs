using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Core;

/// <summary>
/// An option's allowed range, with the message naming the option ("Session:WarmUpSeconds must be between
/// {1} and {2} seconds."). A [Range] in all but name: the options-validation source generator (the
/// service ships as Native AOT) swaps a plain [Range] for its own copy, which drops ErrorMessage
/// (dotnet/runtime#123137), and an integrator would then read "The field SessionOptions.WarmUpSeconds…".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class OptionRangeAttribute : RangeAttribute
{
    public OptionRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public OptionRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }
}
