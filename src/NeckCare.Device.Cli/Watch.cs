using System.Text.Json;

namespace NeckCare.Device.Cli;

/// <summary>
/// `neckcare watch`: follows the event stream and rewrites one status line (a new line per update when
/// the output is not a terminal). The stream's first event is the full status; every change is fetched
/// whole, and telemetry updates the time left and the pad temperature in between.
/// </summary>
public static class Watch
{
    public static async Task<int> RunAsync(HttpClient http, TextWriter output, TextWriter error, int? count, CancellationToken ct)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var shown = 0;
        try
        {
            using var response = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var (exit, _) = await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/events", null, error, ct).ConfigureAwait(false);
                return exit == ExitCodes.Ok ? ExitCodes.Refused : exit;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            string? type = null;
            JsonElement? status = null;
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                    continue;
                }

                // A command event says who did something; what it changed follows in its own events.
                if (!line.StartsWith("data: ", StringComparison.Ordinal) || type is null or "command")
                {
                    continue;
                }

                var data = JsonDocument.Parse(line[6..]).RootElement.Clone();
                status = type switch
                {
                    "status" => data,
                    "telemetry" when status is { } s => WithTelemetry(s, data),
                    "telemetry" => status,
                    _ => (await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/status", null, error, ct).ConfigureAwait(false)).Body ?? status,
                };
                if (status is { } now)
                {
                    var text = StatusLine.Format(now);
                    await (interactive ? output.WriteAsync($"\r{text,-110}") : output.WriteLineAsync(text)).ConfigureAwait(false);
                    if (++shown >= count)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C: a clean end.
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"neckcare: cannot reach the controller at {http.BaseAddress}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }

        if (interactive)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The last full status with the telemetry's time left and temperature put in.</summary>
    private static JsonElement WithTelemetry(JsonElement status, JsonElement telemetry)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(status.GetRawText())!.AsObject();
        node["remainingSeconds"] = telemetry.GetProperty("remainingSeconds").GetInt32();
        node["elapsedSeconds"] = telemetry.GetProperty("elapsedSeconds").GetInt32();
        if (telemetry.GetProperty("temperatureC") is { ValueKind: JsonValueKind.Number } t)
        {
            node["heat"]!["temperatureC"] = t.GetDouble();
        }

        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }
}
