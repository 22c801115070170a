using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Cli;

/// <summary>One line a person reads at a glance: state, level, heat, time left with a progress bar, fault.</summary>
public static class StatusLine
{
    public const int BarWidth = 20;

    public static string Format(JsonElement status)
    {
        var state = status.GetProperty("state").GetString() ?? "?";
        var line = new StringBuilder(state);
        var duration = status.GetProperty("durationSeconds").GetInt32();
        if (duration > 0)
        {
            var elapsed = status.GetProperty("elapsedSeconds").GetInt32();
            var remaining = status.GetProperty("remainingSeconds").GetInt32();
            line.Append(CultureInfo.InvariantCulture, $"  level {status.GetProperty("intensity").GetInt32()}/{status.GetProperty("maxIntensity").GetInt32()}");
            line.Append(CultureInfo.InvariantCulture, $"  [{Bar(elapsed, duration)}] {remaining / 60}:{remaining % 60:00} left");
            var warmUp = status.GetProperty("warmUpRemainingSeconds").GetInt32();
            if (warmUp > 0)
            {
                line.Append(CultureInfo.InvariantCulture, $"  (raise in {warmUp} s)");
            }
        }

        var heat = status.GetProperty("heat");
        var level = heat.GetProperty("level").GetString();
        if (heat.GetProperty("temperatureC") is { ValueKind: JsonValueKind.Number } t)
        {
            line.Append(CultureInfo.InvariantCulture, $"  heat {level}, pad {t.GetDouble():0.0} °C");
        }

        if (status.GetProperty("fault") is { ValueKind: JsonValueKind.Object } fault)
        {
            line.Append(CultureInfo.InvariantCulture, $"  FAULT {fault.GetProperty("code").GetString()}: {fault.GetProperty("message").GetString()}");
        }

        if (status.TryGetProperty("outputsUnderControl", out var control) && control.ValueKind == JsonValueKind.False)
        {
            line.Append("  UNPLUG THE MASSAGER NOW");
        }

        return line.ToString();
    }

    public static string Bar(int done, int total)
    {
        var filled = total <= 0 ? 0 : Math.Clamp((int)Math.Round(BarWidth * (double)done / total), 0, BarWidth);
        return new string('#', filled) + new string('-', BarWidth - filled);
    }
}
