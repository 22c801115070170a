namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// A top-level section that is almost one of the service's own (<c>Safty</c> for <c>Safety</c>) is a
/// mistake that would silently leave the real section at its defaults: refused like a misspelt key. Other
/// top-level names cannot be judged (the environment's own variables are configuration too), so only
/// near misses count: one or two letters added, left out, changed or swapped.
/// </summary>
internal static class MisspeltSections
{
    private static readonly string[] Own =
    [
        Core.Sessions.SessionOptions.Section, Core.Heat.HeatOptions.Section, Core.Safety.SafetyOptions.Section,
        ControlOptions.Section, HardwareOptions.Section, SimulatorOptions.Section, Serial.SerialOptions.Section,
        Gpio.GpioOptions.Section, StorageOptions.Section, History.HistoryOptions.Section, Access.AccessOptions.Section,
    ];

    public static IEnumerable<string> Find(IConfiguration configuration)
    {
        foreach (var section in configuration.GetChildren())
        {
            var name = section.Key;
            if (Own.Contains(name, StringComparer.OrdinalIgnoreCase) || !section.GetChildren().Any())
            {
                continue;
            }

            if (Own.FirstOrDefault(own => Distance(own.ToUpperInvariant(), name.ToUpperInvariant()) <= Math.Min(2, own.Length / 3)) is { } meant)
            {
                yield return $"Unknown section '{name}': did you mean '{meant}'? Its settings would be ignored.";
            }
        }
    }

    /// <summary>Optimal string alignment distance (a swap of two neighbours counts as one).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
