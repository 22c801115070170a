using System.Text.Json.Nodes;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace NeckCare.Device.Cli;

/// <summary>neckcare history, faults, fault, export, limits: what the controller remembers.</summary>
internal static class HistoryCommands
{
    public static IEnumerable<Command> Create(Func<ParseResult, HttpClient> client, TextWriter output, TextWriter error)
    {
        var days = new Option<int?>("--days") { Description = "How many days the summary covers (1–366, default 14)" };
        var history = new Command("history", "Minutes per day and the latest sessions.") { days };
        history.SetAction(async (p, c) =>
        {
            using var http = client(p);
            var (exit, summary) = await ApiCall.SendAsync(http, HttpMethod.Get, $"/api/v1/history/summary?days={p.GetValue(days) ?? 14}", null, error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok || summary is not { } s)
            {
                return exit;
            }

            foreach (var day in s.GetProperty("days").EnumerateArray())
            {
                var minutes = day.GetProperty("minutes").GetDouble();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{day.GetProperty("start").GetString()}  {new string('#', (int)Math.Ceiling(minutes / 2)),-8} {minutes,5:0.#} min  {day.GetProperty("sessions").GetInt32()} {(day.GetProperty("sessions").GetInt32() == 1 ? "session" : "sessions")}")).ConfigureAwait(false);
            }

            var (exit2, page) = await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/history?pageSize=10", null, error, c).ConfigureAwait(false);
            if (exit2 != ExitCodes.Ok || page is not { } pg)
            {
                return exit2;
            }

            await output.WriteLineAsync("Latest sessions:").ConfigureAwait(false);
            foreach (var item in pg.GetProperty("items").EnumerateArray())
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {item.GetProperty("startedAt").GetDateTimeOffset():yyyy-MM-dd HH:mm}  {item.GetProperty("actualSeconds").GetInt32() / 60.0,4:0.#} min  up to level {item.GetProperty("maxLevel").GetInt32()}  heat {item.GetProperty("heat").GetString()}  {item.GetProperty("ended").GetString()}")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        var faults = new Command("faults", "Recorded faults, newest first.");
        faults.SetAction(async (p, c) =>
        {
            using var http = client(p);
            var (exit, list) = await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/faults?limit=50", null, error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok || list is not { } l)
            {
                return exit;
            }

            foreach (var f in l.EnumerateArray())
            {
                var acked = f.GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String ? $"acknowledged ({f.GetProperty("acknowledgedBy").GetString()})" : "not acknowledged";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"#{f.GetProperty("id").GetInt64()}  {f.GetProperty("at").GetDateTimeOffset():yyyy-MM-dd HH:mm:ss}  {f.GetProperty("code").GetString()}  {acked}")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        var id = new Argument<long>("id") { Description = "The fault's number, as `neckcare faults` lists it" };
        var fault = new Command("fault", "One fault with what the readings did in the 30 s before it and the 10 s after.") { id };
        fault.SetAction(async (p, c) =>
        {
            using var http = client(p);
            var (exit, body) = await ApiCall.SendAsync(http, HttpMethod.Get, $"/api/v1/faults/{p.GetValue(id)}", null, error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok || body is not { } f)
            {
                return exit;
            }

            await output.WriteLineAsync($"{f.GetProperty("code").GetString()} at {f.GetProperty("at").GetDateTimeOffset():u}: {f.GetProperty("message").GetString()}").ConfigureAwait(false);
            await output.WriteLineAsync("    t (s)   °C     duty  motor").ConfigureAwait(false);
            // About every second, not every tick: enough to read what led up to it on a terminal. The first
            // sample of each second, since after the fault the loop ticks at its idle period, off the second.
            var perSecond = f.GetProperty("trace").EnumerateArray()
                .GroupBy(s => Math.Floor(Math.Round(s.GetProperty("atSeconds").GetDouble(), 2)))
                .Select(g => g.First());
            foreach (var s in perSecond)
            {
                var c2 = s.GetProperty("temperatureC");
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {s.GetProperty("atSeconds").GetDouble(),6:0.#}  {(c2.ValueKind == JsonValueKind.Number ? c2.GetDouble().ToString("0.0", CultureInfo.InvariantCulture) : "—"),6}  {s.GetProperty("heaterDuty").GetDouble(),5:0.00}  {s.GetProperty("motorCommand").GetDouble(),5:0.00}")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var file = new Option<string?>("--out") { Description = "Write to this file instead of the screen" };
        var export = new Command("export", "Every session, as CSV or JSON.") { format, file };
        export.SetAction(async (p, c) =>
        {
            using var http = client(p);
            var (exit, text) = await ApiCall.GetTextAsync(http, $"/api/v1/history/export?format={p.GetValue(format)}", error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }

            if (p.GetValue(file) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, text, c).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    throw new UsageException($"cannot write {path}: {ex.Message}", ex);
                }
                await output.WriteLineAsync($"Written to {path}.").ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(text).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        var maxLevel = new Option<string?>("--max-level") { Description = "Highest intensity, 1–10, or none" };
        var maxHeat = new Option<string?>("--max-heat") { Description = "off, low or high" };
        var defaultMinutes = new Option<string?>("--default-minutes") { Description = "5–15, or none" };
        var defaultHeat = new Option<string?>("--default-heat") { Description = "off, low or high" };
        var defaultGuided = new Option<bool?>("--guided-release") { Description = "true or false: guided release by default" };
        var limits = new Command("limits", "Show the personal limits, or change the ones given.") { maxLevel, maxHeat, defaultMinutes, defaultHeat, defaultGuided };
        limits.SetAction(async (p, c) =>
        {
            using var http = client(p);
            var (exit, current) = await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/limits", null, error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok || current is not { } now)
            {
                return exit;
            }

            var changed = new[] { maxLevel.Name, maxHeat.Name, defaultMinutes.Name, defaultHeat.Name, defaultGuided.Name }.Any(n => p.GetResult(n) is not null);
            if (changed)
            {
                static int? Number(string? text, JsonElement was) =>
                    text is null ? (was.ValueKind == JsonValueKind.Number ? was.GetInt32() : null)
                    : text.Equals("none", StringComparison.OrdinalIgnoreCase) ? null
                    : int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : -1;
                var body = new JsonObject
                {
                    ["maxLevel"] = Number(p.GetValue(maxLevel), now.GetProperty("maxLevel")),
                    ["maxHeat"] = p.GetValue(maxHeat) ?? now.GetProperty("maxHeat").GetString(),
                    ["defaultMinutes"] = Number(p.GetValue(defaultMinutes), now.GetProperty("defaultMinutes")),
                    ["defaultHeat"] = p.GetValue(defaultHeat) ?? now.GetProperty("defaultHeat").GetString(),
                    ["guidedRelease"] = p.GetValue(defaultGuided) ?? now.GetProperty("guidedRelease").GetBoolean(),
                };
                (exit, current) = await ApiCall.SendAsync(http, HttpMethod.Put, "/api/v1/limits", body, error, c).ConfigureAwait(false);
                if (exit != ExitCodes.Ok || current is null)
                {
                    return exit;
                }

                now = current.Value;
            }

            static string Or(JsonElement e, string none) => e.ValueKind == JsonValueKind.Null ? none : e.ToString();
            await output.WriteLineAsync($"Highest intensity: {Or(now.GetProperty("maxLevel"), "the massager's highest")}; most heat: {now.GetProperty("maxHeat").GetString()}; " +
                $"default length: {Or(now.GetProperty("defaultMinutes"), "as configured")} min; default heat: {now.GetProperty("defaultHeat").GetString()}; " +
                $"guided release by default: {(now.GetProperty("guidedRelease").GetBoolean() ? "yes" : "no")}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        return [history, faults, fault, export, limits];
    }
}
