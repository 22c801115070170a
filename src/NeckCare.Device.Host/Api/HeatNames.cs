using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// The heat level as the API spells it: exactly "Off", "Low" or "High", in any letter case. Nothing
/// else is read as a level: no numbers, no padding, no comma-joined names (Enum.TryParse would read
/// "Off,High" as High), no empty string.
/// </summary>
internal static class HeatNames
{
    public const string Allowed = "Off, Low, High";

    private static readonly HeatLevel[] Levels = [HeatLevel.Off, HeatLevel.Low, HeatLevel.High];

    /// <returns>The level, or null when the text is not one of the three names.</returns>
    public static HeatLevel? Parse(string text) =>
        Levels.Cast<HeatLevel?>().FirstOrDefault(l => string.Equals(l.ToString(), text, StringComparison.OrdinalIgnoreCase));
}
