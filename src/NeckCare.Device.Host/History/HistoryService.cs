using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.History;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.History;

/// <summary>
/// The history beside the controller: it watches the owner loop's snapshots (never blocking it: the
/// recorders are pure and records go through the bounded writer) and answers the API from the file.
/// Massage control never depends on it: if the file cannot be used for any reason but another instance
/// or a newer schema (which stop the service, exit 2), the service runs without history and says so.
/// </summary>
internal sealed partial class HistoryService(
    IOptions<HistoryOptions> options,
    IOptions<SafetyOptions> safety,
    TimeProvider time,
    ILogger<HistoryService> logger) : IAsyncDisposable
{
    private readonly SessionRecorder _sessions = new();
    private readonly long _origin = time.GetTimestamp();
    private readonly FlightRecorder _flight = new(safety.Value.OverTemperatureC);
    private readonly Lock _gate = new();
    private HistoryDatabase? _database;
    private HistoryWriter? _writer;
    private string? _acknowledgedBy;

    public HistoryStore? Store { get; private set; }

    /// <summary>Why there is no history (the file could not be opened), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The warning shown until acknowledged: a damaged file was set aside.</summary>
    public string? Warning { get; private set; }

    public HistoryWriter? Writer => _writer;

    /// <summary>Opens the file in <paramref name="stateDirectory"/>; throws <see cref="HistoryOpenException"/> for the two start-up errors.</summary>
    public void Open(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, HistoryDatabase.DefaultFileName);
        try
        {
            _database = HistoryDatabase.Open(path, time);
        }
        catch (HistoryOpenException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Unavailable = $"History is off: {path} could not be opened ({ex.Message}). Massage control is unaffected.";
            LogUnavailable(logger, path, ex);
            return;
        }

        Store = new HistoryStore(_database);
        _writer = new HistoryWriter(Store, options.Value.QueueCapacity);
        Prune();
        if (_database.SetAside is { } setAside)
        {
            Warning = $"The history file was damaged and has been kept as {Path.GetFileName(setAside)}; a new history was started. Acknowledge this notice once support has the old file.";
            LogSetAside(logger, setAside);
        }
    }

    /// <summary>After every tick and command, on the owner loop: cheap, never throws, never waits.</summary>
    public void Observe(SessionStatus status, DeviceReadings readings)
    {
        if (_writer is not { } writer)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            if (_sessions.Observe(status, now, time.GetElapsedTime(_origin)) is { } session)
            {
                writer.TryEnqueue(session);
            }

            var sample = new TraceSample(0, status.Heat.TemperatureC, status.Outputs.HeaterDuty, status.Outputs.MotorSpeed,
                readings.MotorSpeed, readings.MotorCurrentA, readings.LinkErrors, readings.Reports);
            var fault = _flight.Observe(status, sample, now, out var acknowledged);
            string? by;
            lock (_gate)
            {
                by = _acknowledgedBy;
            }

            if (fault is not null)
            {
                writer.TryEnqueue(fault.AcknowledgedAt is null ? fault : fault with { AcknowledgedBy = by });
            }

            if (acknowledged is { } ack)
            {
                writer.TryEnqueue(s => s.Acknowledge(ack.FaultAt, ack.Code, ack.At, by));
            }
        }
#pragma warning disable CA1031 // History must never stop the control loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogObserveFailed(logger, ex);
        }
    }

    public void NoteStop() => _sessions.StopAsked();

    /// <summary>Who is about to acknowledge (a paired phone's label, or "token" for a script).</summary>
    public void NoteAcknowledgedBy(string who)
    {
        lock (_gate)
        {
            _acknowledgedBy = who;
        }
    }

    public bool AcknowledgeWarning()
    {
        var had = Warning is not null;
        Warning = null;
        return had;
    }

    public void Prune()
    {
        var o = options.Value;
        _writer?.TryEnqueue(s => s.PruneFaults(o.FaultRetentionCount, time.GetUtcNow() - TimeSpan.FromDays(o.FaultRetentionDays)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Store?.Checkpoint(); // leave one tidy file behind, the WAL folded in
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            LogObserveFailed(logger, ex);
        }

        _database?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "History is off: {Path} could not be opened; massage control is unaffected")]
    private static partial void LogUnavailable(ILogger logger, string path, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history file was damaged; kept as {SetAside}, a new one started")]
    private static partial void LogSetAside(ILogger logger, string setAside);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording history failed for one tick")]
    private static partial void LogObserveFailed(ILogger logger, Exception ex);
}
