using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>What every API test needs: a JSON body to send, the JSON that came back, the session state.</summary>
internal static class ApiCalls
{
    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> Status(HttpClient client) =>
        await Json(await client.GetAsync("/api/v1/status"));

    public static async Task<string?> State(HttpClient client) =>
        (await Status(client)).GetProperty("state").GetString();
}
