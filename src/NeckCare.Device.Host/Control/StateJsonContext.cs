using System.Text.Json.Serialization;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// What the service keeps in its state directory and history settings (pairings, personal limits), by
/// generated code with the serializer's default options: the files and rows written before Native AOT
/// read the same, and are written byte for byte as they were.
/// </summary>
[JsonSerializable(typeof(List<Access.Pairings.Pairing>))]
[JsonSerializable(typeof(PersonalLimits))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

/// <summary>The tuned gains file, indented as a person would edit it (<c>{"Heat": {"Kp": …}}</c>).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, double>>))]
internal sealed partial class GainsJsonContext : JsonSerializerContext;
