using System.Net;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Real answers of the API, in every state a session passes through and with its refusals, judged
/// against docs/openapi/v1.json by a JSON Schema validator (issue 20, item 10): a client generated from
/// the document must read every one of them.
/// </summary>
public sealed class OpenApiResponseTests
{
    private static readonly string Document = Path.Combine(new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "docs", "openapi", "v1.json");

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_answer_of_a_tour_through_the_api_fits_the_published_document()
    {
        var contract = new OpenApiContract(Document);
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        var anonymous = app.CreateAnonymousClient();
        async Task Check(Task<HttpResponseMessage> call) => await contract.CheckAsync(await call);

        await Check(anonymous.GetAsync("/api/v1/status"));                                   // 401
        await Check(anonymous.GetAsync("/healthz"));
        await Check(client.GetAsync("/api/v1/status"));                                      // Idle: fault null, device set
        await Check(client.PostAsync("/api/v1/session/start", Body("{not json")));            // 400
        await Check(client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":99}""")));  // 422
        await Check(client.PostAsync("/api/v1/session/start", Body("""{"durationMinutes":10,"heat":"Low"}""")));
        await Check(client.GetAsync("/api/v1/status"));                                      // WarmingUp
        await Check(client.PostAsync("/api/v1/session/intensity/raise", null));             // 409 warm-up
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));
        await Check(client.GetAsync("/api/v1/status"));                                      // Massaging
        await Check(client.PostAsync("/api/v1/session/intensity/raise", null));
        await Check(client.PostAsync("/api/v1/session/intensity/lower", null));
        await Check(client.PutAsync("/api/v1/session/intensity", Body("""{"level":3}""")));
        await Check(client.PostAsync("/api/v1/session/ease-off", null));
        await Check(client.DeleteAsync("/api/v1/session/intensity/ceiling"));
        await Check(client.PutAsync("/api/v1/session/heat", Body("""{"level":"Off"}""")));
        await Check(client.PostAsync("/api/v1/session/extend", Body("""{"minutes":1}""")));
        await Check(client.PostAsync("/api/v1/session/pause", null));
        await Check(client.GetAsync("/api/v1/status"));                                      // Paused
        await Check(client.PostAsync("/api/v1/session/resume", null));
        await Check(client.PostAsync("/api/v1/heat/autotune", null));
        await Check(client.DeleteAsync("/api/v1/heat/autotune"));
        await Check(client.PostAsync("/api/v1/session/stop", null));
        await Check(client.PostAsync("/api/v1/faults/acknowledge", null));                  // nothing to acknowledge

        await Check(client.GetAsync("/api/v1/simulator"));
        await Check(client.PutAsync("/api/v1/simulator/time-scale", Body("""{"scale":1}""")));
        await Check(client.PostAsync("/api/v1/session/start", null));
        await Check(client.PostAsync("/api/v1/simulator/faults/SensorOpen", null));
        await Check(client.PostAsync("/api/v1/simulator/faults/NoSuchFault", null));        // 422
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Check(client.GetAsync("/api/v1/status"));                                      // Faulted
        await Check(client.PostAsync("/api/v1/faults/acknowledge", null));                  // 409 cause-present
        await Check(client.DeleteAsync("/api/v1/simulator/faults/SensorOpen"));
        await app.AdvanceAsync(TimeSpan.FromSeconds(12));
        await Check(client.PostAsync("/api/v1/faults/acknowledge", null));
        await Check(client.PostAsync("/api/v1/simulator/stop-button", null));

        await Check(client.GetAsync("/api/v1/history"));
        await Check(client.GetAsync("/api/v1/history?page=0"));                              // 400
        await Check(client.GetAsync("/api/v1/history/summary"));
        await Check(client.GetAsync("/api/v1/history/export?format=json"));
        await Check(client.GetAsync("/api/v1/history/export?format=csv"));
        var faults = await client.GetAsync("/api/v1/faults");
        await contract.CheckAsync(faults);
        var firstId = JsonDocument.Parse(await faults.Content.ReadAsStringAsync()).RootElement[0].GetProperty("id").GetInt64();
        await Check(client.GetAsync($"/api/v1/faults/{firstId}"));
        await Check(client.GetAsync("/api/v1/faults/999999"));                               // 404
        await Check(client.GetAsync("/api/v1/diagnostics/history"));
        await Check(client.GetAsync("/api/v1/diagnostics/ticks"));
        await Check(client.GetAsync("/api/v1/diagnostics/mqtt")); // MQTT off here: enabled false, every count 0
        await Check(client.GetAsync("/api/v1/limits"));
        await Check(client.PutAsync("/api/v1/limits", Body("""{"maxLevel":3}""")));
        await Check(client.PutAsync("/api/v1/limits", Body("""{"maxLevel":99}""")));         // 422
        await Check(client.PostAsync("/api/v1/history/warning/acknowledge", null));         // 409: no warning
        await Check(anonymous.PostAsync("/api/v1/pair", Body($$"""{"secret":"{{MassagerApp.Token}}"}""")));
        await Check(client.GetAsync("/api/v1/pairings"));
        await Check(client.DeleteAsync("/api/v1/pairing"));
        await Check(client.DeleteAsync("/api/v1/pairings"));
        await Check(client.DeleteAsync("/api/v1/history"));

        // The stream is text/event-stream (its events' schemas are in components); every other operation was judged.
        var missed = contract.Operations.Except(contract.Judged).Where(o => o != "GET /api/v1/events").ToList();
        Assert.True(missed.Count == 0, "not exercised: " + string.Join(", ", missed));
    }
}
