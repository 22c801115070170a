using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Reads a service's event stream (SSE) until an event satisfies a condition: a test waits on what the
/// service says happened instead of polling on the wall clock. The limit only turns a hang into a failure.
/// </summary>
internal static class EventReader
{
    public static async Task<JsonElement> UntilAsync(HttpClient client, Func<string, JsonElement, bool> wanted, string what)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stream = await client.GetStreamAsync("/api/v1/events", guard.Token);
        using var reader = new StreamReader(stream);
        string? type = null;
        try
        {
            while (await reader.ReadLineAsync(guard.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is { } t)
                {
                    var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                    if (wanted(t, data))
                    {
                        return data;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
        }

        throw new Xunit.Sdk.XunitException($"the stream never said: {what}");
    }
}
