using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.History;

/// <summary>
/// A flight recording as compact JSON rows, [t, °C, duty, motor, speed, A, link errors, reports]:
/// 400 samples stay a few tens of kilobytes, and support can read them with any tool.
/// </summary>
internal static class TraceJson
{
    public static string Write(IReadOnlyList<TraceSample> trace)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < trace.Count; i++)
        {
            var s = trace[i];
            text.Append(i == 0 ? "[" : ",[").Append(CultureInfo.InvariantCulture,
                $"{s.AtSeconds:0.###},{(s.TemperatureC is { } c && double.IsFinite(c) ? c.ToString("0.##", CultureInfo.InvariantCulture) : "null")},{s.HeaterDuty:0.###},{s.MotorCommand:0.###},{s.MotorSpeed:0.###},{s.MotorCurrentA:0.###},{s.LinkErrors},{s.Reports}]");
        }

        return text.Append(']').ToString();
    }

    public static IReadOnlyList<TraceSample> Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(r => new TraceSample(
            r[0].GetDouble(),
            r[1].ValueKind == JsonValueKind.Null ? null : r[1].GetDouble(),
            r[2].GetDouble(), r[3].GetDouble(), r[4].GetDouble(), r[5].GetDouble(), r[6].GetInt64(), r[7].GetInt64()))];
    }
}
