using System.Text.Json;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The time-scaled simulator runs whole sessions clean (issue 20, item 11). It once latched MotorStalled:
/// while the owner loop ran on synchronous continuations, a tick ran inside the simulated clock's step,
/// before the simulated device's own timer in that step had taken the new outputs, so the stall guard saw
/// a motor commanded but not turning. The loop now runs on its own thread and the pacer waits for each
/// tick it fired (SimulationClock), so a tick always sees the step completed.
/// </summary>
public sealed class TimeScaledSessionTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    public async Task A_heated_five_minute_session_at_high_speed_runs_to_its_end_without_a_fault(int scale)
    {
        await using var service = await ServiceUnderTest.StartAsync($"--Simulator:TimeScale={scale}");
        using var client = service.Client();
        using var events = await client.GetStreamAsync("/api/v1/events");
        using var reader = new StreamReader(events);
        (await client.PostAsync("/api/v1/session/start", ApiCalls.Body("""{"durationMinutes":5,"heat":"High"}"""))).EnsureSuccessStatusCode();

        var seen = new List<string>();
        string? type = null;
        // Read the stream until the session is over; the limit only turns a hang into a failure.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await reader.ReadLineAsync(guard.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is "state" or "fault")
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.True(type == "state", $"a fault latched after {string.Join(" → ", seen)}: {data}");
                seen.Add(data.GetProperty("state").GetString()!);
                if (seen is [.., "Finishing", "Idle"])
                {
                    break;
                }
            }
        }

        Assert.Equal(["WarmingUp", "Massaging", "Finishing", "Idle"], seen);
        var status = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status")).RootElement;
        Assert.Equal(JsonValueKind.Null, status.GetProperty("fault").ValueKind);
    }
}
