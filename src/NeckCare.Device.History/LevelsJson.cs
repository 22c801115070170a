using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeckCare.Device.History;

/// <summary>
/// A session's level and ceiling changes as [[seconds, level], …]: generated serialization (Native AOT
/// has no reflection), with the default options, so rows written before it read and compare the same.
/// </summary>
[JsonSerializable(typeof(int[][]))]
internal sealed partial class LevelsJsonContext : JsonSerializerContext;

internal static class LevelsJson
{
    public static string Write(IEnumerable<LevelChange> changes) =>
        JsonSerializer.Serialize([.. changes.Select(l => new[] { l.AtSeconds, l.Level })], LevelsJsonContext.Default.Int32ArrayArray);

    public static LevelChange[] Read(string json) =>
        [.. (JsonSerializer.Deserialize(json, LevelsJsonContext.Default.Int32ArrayArray) ?? []).Select(p => new LevelChange(p[0], p[1]))];
}
