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
    private readonly SessionWrites _sessions = new();
    private readonly long _origin = time.GetTimestamp();
    private readonly FlightRecorder _flight = new(safety.Value.OverTemperatureC);
    private readonly Lock _gate = new();
    private HistoryDatabase? _database;
    private HistoryWriter? _writer;
    private string? _acknowledgedBy;
    private StorageTrouble? _shownTrouble;
    private string? _troubleNotice;
    private long _shownSkipped;
    private string? _skippedNotice;

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
        // Sessions still running in the file were cut by a kill or a power loss: say so, keep what was known.
        if (Store.MarkInterrupted() is > 0 and var interrupted)
        {
            LogInterrupted(logger, interrupted);
        }

        _writer = new HistoryWriter(Store, options.Value.QueueCapacity);
        Prune();
        if (_database.SetAside is { } setAside)
        {
            Warning = $"The history file was damaged and has been kept as {Path.GetFileName(setAside)}; a new history was started. Acknowledge this notice once support has the old file.";
            LogSetAside(logger, setAside);
        }
    }

    /// <summary>After every tick and command, on the owner loop (so it may touch the controller's notices): cheap, never throws, never waits.</summary>
    /// <param name="by">Who sent the command just applied, or null after a control tick.</param>
    public void Observe(MassageController controller, string? by = null)
    {
        if (_writer is not { } writer)
        {
            return;
        }

        ShowTrouble(controller, writer.Trouble);
        ShowSkippedRows(controller);
        var status = controller.Status;
        var readings = controller.LastReadings;

        try
        {
            var now = time.GetUtcNow();
            if (_sessions.Observe(status, now, time.GetElapsedTime(_origin), by) is { } session)
            {
                writer.TryEnqueue(s => s.Save(session.Row, session.Record));
            }

            var sample = new TraceSample(0, status.Heat.TemperatureC, status.Outputs.HeaterDuty, status.Outputs.MotorSpeed,
                readings.MotorSpeed, readings.MotorCurrentA, readings.LinkErrors, readings.Reports);
            var fault = _flight.Observe(status, sample, now, out var acknowledged);
            string? acknowledgedBy;
            lock (_gate)
            {
                acknowledgedBy = _acknowledgedBy;
            }

            if (fault is not null)
            {
                writer.TryEnqueue(fault.AcknowledgedAt is null ? fault : fault with { AcknowledgedBy = acknowledgedBy });
            }

            if (acknowledged is { } ack)
            {
                writer.TryEnqueue(s => s.Acknowledge(ack.FaultAt, ack.Code, ack.At, acknowledgedBy));
            }
        }
#pragma warning disable CA1031 // History must never stop the control loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogObserveFailed(logger, ex);
        }
    }

    /// <summary>
    /// A write the disk refused is loud: a notice in the status (and so on the page) while it lasts, one
    /// log line per cause, and the notice goes when writing works again. The massage is not touched.
    /// </summary>
    private void ShowTrouble(MassageController controller, StorageTrouble? trouble)
    {
        if (trouble == _shownTrouble)
        {
            return;
        }

        _shownTrouble = trouble;
        if (trouble is { } kind)
        {
            var what = StorageFault.Describe(kind);
            ShowNotice(controller, ref _troubleNotice, $"History cannot be saved: {what}. Sessions and faults are kept in memory (up to {HistoryWriter.MaxKept}) and written when it can be saved again; massage control is unaffected.");
            LogTrouble(logger, what);
        }
        else
        {
            ShowNotice(controller, ref _troubleNotice, null);
            LogRecovered(logger);
        }
    }

    /// <summary>Rows of the file that could not be read are left out of answers, counted, and said once per new count.</summary>
    private void ShowSkippedRows(MassageController controller)
    {
        var skipped = Store?.SkippedRows ?? 0;
        if (skipped == _shownSkipped)
        {
            return;
        }

        _shownSkipped = skipped;
        ShowNotice(controller, ref _skippedNotice, $"{skipped} damaged record(s) in the history could not be read and were left out; the rest of the history is in use. Support may want history.db.");
        LogSkipped(logger, skipped);
    }

    /// <summary>Replaces one of this service's notices on the controller (on the owner loop).</summary>
    private static void ShowNotice(MassageController controller, ref string? shown, string? next)
    {
        if (shown is { } old)
        {
            controller.Handle(new DismissNotice(old));
        }

        shown = next;
        if (next is not null)
        {
            controller.AddNotice(next);
        }
    }

    /// <summary>
    /// Waits until what the owner loop has recorded so far is committed (the Stop answers after the end of
    /// its session is on the disk), at most <see cref="CommitWaitsAtMost"/>: a disk that hangs or is full
    /// must not hold up the answer to a Stop whose outputs are already off.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_writer is not { } writer)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(CommitWaitsAtMost);
        try
        {
            await writer.FlushAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not committed in time: the notice says why (a full or failing disk); the answer goes out.
        }
    }

    /// <summary>A wall-clock bound on how long an answer waits for the disk (real time, whatever the simulator's clock).</summary>
    public static readonly TimeSpan CommitWaitsAtMost = TimeSpan.FromSeconds(2);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "History cannot be saved: {What}; records are kept in memory and written when it can be saved again")]
    private static partial void LogTrouble(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} damaged history record(s) could not be read and were left out")]
    private static partial void LogSkipped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "History can be saved again; the records kept meanwhile are written")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} session(s) were still running when the service last stopped (killed or power lost); marked Interrupted")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history file was damaged; kept as {SetAside}, a new one started")]
    private static partial void LogSetAside(ILogger logger, string setAside);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording history failed for one tick")]
    private static partial void LogObserveFailed(ILogger logger, Exception ex);
}
