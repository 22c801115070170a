using System.Globalization;

namespace NeckCare.Device.Bench;

internal static class Stats
{
    /// <summary>A p99 needs enough samples that it is not just the worst two or three: at least this many.</summary>
    public const int ForP99 = 2000;

    /// <summary>A p90 from fewer than this is a handful of samples.</summary>
    public const int ForP90 = 200;

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p / 100.0 * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>The highest percentile the sample count supports: p99 from 2,000, p90 from 200, else the maximum.</summary>
    public static (string Name, double Value) Tail(IReadOnlyList<double> values) => values.Count switch
    {
        >= ForP99 => ("p99", Percentile(values, 99)),
        >= ForP90 => ("p90", Percentile(values, 90)),
        _ => ("max", values.Count == 0 ? double.NaN : values.Max()),
    };

    /// <summary>"median (min–max)" of a few runs: the spread is part of the figure.</summary>
    public static string Spread(IReadOnlyList<double> values, string format = "0.00") =>
        string.Create(CultureInfo.InvariantCulture, $"median of {values.Count} runs, spread {values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}");
}
