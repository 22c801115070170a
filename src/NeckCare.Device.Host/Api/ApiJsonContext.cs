using System.Text.Json;
using System.Text.Json.Serialization;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Events;
using NeckCare.Device.Host.History;
using NeckCare.Device.Host.Mqtt;
using NeckCare.Device.Host.Simulator;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// Every body the API and the event stream read or write, serialized by generated code: the service ships
/// as Native AOT, which has no reflection, and the ordinary build runs with reflection off too
/// (Directory.Build.props), so a type missing here fails a test rather than a request on the Pi.
/// The options are the API's: web names, enums as strings, numbers only as numbers.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SessionStatus))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(IntensityRequest))]
[JsonSerializable(typeof(HeatRequest))]
[JsonSerializable(typeof(ExtendRequest))]
[JsonSerializable(typeof(PairRequest))]
[JsonSerializable(typeof(PairingsAnswer))]
[JsonSerializable(typeof(LimitsBody))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(HistorySummary))]
[JsonSerializable(typeof(Erased))]
[JsonSerializable(typeof(HistoryHealth))]
[JsonSerializable(typeof(IEnumerable<FaultSummary>))]
[JsonSerializable(typeof(FaultSummary[]))]
[JsonSerializable(typeof(NeckCare.Device.History.SessionRecord[]))]
[JsonSerializable(typeof(IReadOnlyList<NeckCare.Device.History.SessionRecord>))]
[JsonSerializable(typeof(NeckCare.Device.History.FaultHistoryRecord))]
[JsonSerializable(typeof(Control.TickTimingReport))]
[JsonSerializable(typeof(MqttDiagnostics))]
[JsonSerializable(typeof(TimeScaleRequest))]
[JsonSerializable(typeof(SimulatorState))]
[JsonSerializable(typeof(StateEvent))]
[JsonSerializable(typeof(IntensityEvent))]
[JsonSerializable(typeof(FaultEvent))]
[JsonSerializable(typeof(AcknowledgedEvent))]
[JsonSerializable(typeof(TelemetryEvent))]
[JsonSerializable(typeof(NoticesEvent))]
[JsonSerializable(typeof(CommandEvent))]
[JsonSerializable(typeof(SessionCommands))]
// Problem details' extension values (code, field, allowedRange, retryAfterSeconds).
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
