using System.Globalization;
using System.Text;
using NeckCare.Device.Core.Control;
using NeckCare.Device.History;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Api;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.History;

/// <summary>Session history, the fault flight recorder, export and erase (docs/api.md, "History").</summary>
internal static class HistoryEndpoints
{
    public const int MaxPageSize = 100;
    public const int MaxSummaryDays = 366;

    public static void MapHistory(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("History");

        api.MapGet("/history", (HistoryService history, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize) =>
            {
                if (history.Store is not { } store)
                {
                    return Unavailable(history);
                }

                var (start, end) = (from ?? DateTimeOffset.UnixEpoch, to ?? DateTimeOffset.MaxValue);
                if (end <= start)
                {
                    return Problems.Invalid("to", "after from", $"to ({end:O}) must be after from ({start:O}).");
                }

                if (page is < 1)
                {
                    return Problems.Invalid("page", "1 or more", $"page must be 1 or more (was {page}).");
                }

                if (pageSize is < 1 or > MaxPageSize)
                {
                    return Problems.Invalid("pageSize", $"1–{MaxPageSize}", $"pageSize must be between 1 and {MaxPageSize} (was {pageSize}).");
                }

                var (items, total) = store.Sessions(start, end, page ?? 1, pageSize ?? 20);
                return Results.Ok(new HistoryPage(items, page ?? 1, pageSize ?? 20, total, start, end));
            })
            .WithName("GetHistory").WithSummary("Sessions, newest first, in a date range (from inclusive, to exclusive), a page at a time.")
            .Produces<HistoryPage>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/history/summary", (HistoryService history, TimeProvider time, int? days) =>
            {
                if (history.Store is not { } store)
                {
                    return Unavailable(history);
                }

                if (days is < 1 or > MaxSummaryDays)
                {
                    return Problems.Invalid("days", $"1–{MaxSummaryDays}", $"days must be between 1 and {MaxSummaryDays} (was {days}).");
                }

                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                var first = today.AddDays(1 - (days ?? 14));
                var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                var to = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                var daily = store.Usage(from, to, weekly: false).ToDictionary(d => d.Start);
                var filled = Enumerable.Range(0, days ?? 14).Select(i => first.AddDays(i))
                    .Select(d => daily.TryGetValue(d, out var u) ? u : new UsagePeriod(d, 0, 0)).ToList();
                return Results.Ok(new HistorySummary(filled, store.Usage(from, to, weekly: true),
                    filled.Sum(d => d.Sessions), Math.Round(filled.Sum(d => d.Minutes), 1)));
            })
            .WithName("GetHistorySummary").WithSummary("Sessions and minutes per UTC day (every day of the range, zeros included) and per week starting Monday.")
            .Produces<HistorySummary>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/history/export", (HistoryService history, string? format) =>
            {
                if (history.Store is not { } store)
                {
                    return Unavailable(history);
                }

                var (all, _) = store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, int.MaxValue);
                return format?.ToUpperInvariant() switch
                {
                    null or "JSON" => Results.Json(all, ApiJsonContext.Default.IReadOnlyListSessionRecord, contentType: "application/json"),
                    "CSV" => Results.Text(Csv(all), "text/csv", Encoding.UTF8),
                    _ => Problems.Invalid("format", "csv, json", $"format must be csv or json (was '{format}')."),
                };
            })
            .WithName("ExportHistory").WithSummary("Every session, as CSV (one row per session) or JSON.")
            .Produces<SessionRecord[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapDelete("/history", (HistoryService history) =>
                history.Store is { } store ? Results.Ok(new Erased(store.EraseSessions())) : Unavailable(history))
            .WithName("EraseHistory").WithSummary("Erases the session history. Fault records are kept: support needs them.")
            .Produces<Erased>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/history/warning/acknowledge", async (HistoryService history, ISessionGateway gateway, CancellationToken ct) =>
            {
                if (history.Warning is not { } warning)
                {
                    return Problems.From(CommandResult.Conflict("no-warning", "There is no history warning to acknowledge.").Refusal!, null);
                }

                await gateway.SendAsync(new DismissNotice(warning), ct).ConfigureAwait(false);
                history.AcknowledgeWarning();
                return Results.Ok(gateway.Status);
            })
            .WithName("AcknowledgeHistoryWarning").WithSummary("Withdraws the notice that a damaged history file was set aside.")
            .Produces<SessionStatus>().ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/v1/diagnostics/history", (HistoryService history) => Results.Ok(new HistoryHealth(
                history.Store is not null, history.Unavailable, history.Writer?.Pending ?? 0, history.Writer?.Written ?? 0,
                history.Writer?.Dropped ?? 0, history.Writer?.Failed ?? 0, history.Writer?.Kept ?? 0,
                history.Writer?.Trouble is { } trouble ? StorageFault.Describe(trouble) : null)))
            .WithTags("Health").WithName("GetHistoryHealth")
            .WithSummary("The history writer: records waiting, written, dropped because the queue was full (control never waits for it), given up after the disk refused them, kept for another try, and why the disk refuses.")
            .Produces<HistoryHealth>();

        var faults = app.MapGroup("/api/v1/faults").WithTags("Faults");
        faults.MapGet("", (HistoryService history, int? limit) =>
            {
                if (history.Store is not { } store)
                {
                    return Unavailable(history);
                }

                return limit is < 1 or > 1000
                    ? Problems.Invalid("limit", "1–1000", $"limit must be between 1 and 1000 (was {limit}).")
                    : Results.Ok(store.Faults(limit ?? 100).Select(FaultSummary.Of));
            })
            .WithName("GetFaults").WithSummary("Recorded faults, newest first, without their recordings.")
            .Produces<FaultSummary[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        faults.MapGet("/{id:long}", (HistoryService history, long id) =>
                history.Store is not { } store ? Unavailable(history)
                : store.Fault(id) is { } fault ? Results.Ok(fault)
                : ApiAccess.Problem(StatusCodes.Status404NotFound, "no-such-fault", "No such fault.", $"There is no fault record {id}."))
            .WithName("GetFault").WithSummary("One fault with its flight recording: the readings of the 30 s before it and the 10 s after, at the control rate.")
            .Produces<FaultHistoryRecord>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Who sent a request: the label a browser was paired under, or "token" for the bearer token.</summary>
    public static string Who(HttpContext http, Pairings pairings) =>
        http.Request.Cookies.TryGetValue(ApiAccess.CookieName, out var cookie) && pairings.LabelOf(cookie) is { } label
            ? $"paired: {label}"
            : "token";

    private static IResult Unavailable(HistoryService history) =>
        ApiAccess.Problem(StatusCodes.Status503ServiceUnavailable, "history-unavailable", "History is not available.",
            history.Unavailable ?? "History is not available.");

    public static string Csv(IEnumerable<SessionRecord> sessions)
    {
        var csv = new StringBuilder("id,started_at,ended_at,chosen_seconds,actual_seconds,ended,heat,max_temperature_c,max_level,ease_offs,guided_release,levels,ceilings\n");
        foreach (var s in sessions)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{s.Id},{s.StartedAt:O},{s.EndedAt:O},{s.ChosenSeconds},{s.ActualSeconds},{s.Ended},{s.Heat},{s.MaxTemperatureC?.ToString("0.0", CultureInfo.InvariantCulture)},{s.MaxLevel},{s.EaseOffs},{(s.GuidedRelease ? "true" : "false")},\"{string.Join(' ', s.Levels.Select(l => $"{l.AtSeconds}:{l.Level}"))}\",\"{string.Join(' ', s.Ceilings.Select(l => $"{l.AtSeconds}:{l.Level}"))}\"\n");
        }

        return csv.ToString();
    }
}

public sealed record HistoryPage(IReadOnlyList<SessionRecord> Items, int Page, int PageSize, int Total, DateTimeOffset From, DateTimeOffset To);

public sealed record HistorySummary(IReadOnlyList<UsagePeriod> Days, IReadOnlyList<UsagePeriod> Weeks, int Sessions, double Minutes);

public sealed record Erased(int Sessions);

/// <param name="Kept">Records the disk refused, kept in memory and written when it can be saved again.</param>
/// <param name="Trouble">Why the last write failed ("the state directory's disk is full"), until one succeeds again.</param>
public sealed record HistoryHealth(bool Available, string? Why, int Pending, long Written, long Dropped, long Failed, int Kept, string? Trouble);

public sealed record FaultSummary(long Id, string Code, string Message, int Severity, DateTimeOffset At, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static FaultSummary Of(FaultHistoryRecord f) => new(f.Id, f.Code, f.Message, f.Severity, f.At, f.AcknowledgedAt, f.AcknowledgedBy);
}
