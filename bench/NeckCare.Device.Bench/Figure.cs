using System.Globalization;

namespace NeckCare.Device.Bench;

/// <summary>One measured figure: what, how much, in what unit, and what it is judged against.</summary>
internal sealed record Figure(string Name, double? Value, string Unit, string ComparedWith)
{
    public static Figure Pending(string name, string unit, string why) => new(name, null, unit, "pending: " + why);

    public string ValueText => Value is { } v ? v.ToString(Math.Abs(v) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture) : "pending";
}
