using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeckCare.Device.Cli;

/// <summary>One request to the controller, turned into an exit code and the words a person needs.</summary>
public static class ApiCall
{
    public static async Task<(int Exit, JsonElement? Body)> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject? body,
        TextWriter error, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"neckcare: cannot reach the controller at {http.BaseAddress}: {ex.Message}").ConfigureAwait(false);
            return (ExitCodes.Unreachable, null);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonElement? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON (a proxy's page, say): reported below by status code.
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return (ExitCodes.Ok, json);
            }

            var detail = json is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var code = json is { ValueKind: JsonValueKind.Object } q && q.TryGetProperty("code", out var c) ? c.GetString() : null;
            await error.WriteLineAsync($"neckcare: {detail ?? $"the controller answered {(int)response.StatusCode}."}{(code is null ? "" : $" ({code})")}").ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await error.WriteLineAsync("neckcare: pair first: neckcare pair 'http://<controller>:5080/#pair=<token>' (or set NECKCARE_TOKEN).").ConfigureAwait(false);
                return (ExitCodes.Unauthorized, json);
            }

            return (ExitCodes.Refused, json);
        }
    }

    /// <summary>A GET whose answer is text (an export), with the same error handling as <see cref="SendAsync"/>.</summary>
    public static async Task<(int Exit, string Text)> GetTextAsync(HttpClient http, string path, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(path, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (ExitCodes.Ok, text);
            }
        }
        catch (HttpRequestException)
        {
            // Reported the same way as any other call, below.
        }

        var (exit, _) = await SendAsync(http, HttpMethod.Get, path, null, error, ct).ConfigureAwait(false);
        return (exit == ExitCodes.Ok ? ExitCodes.Refused : exit, "");
    }
}
