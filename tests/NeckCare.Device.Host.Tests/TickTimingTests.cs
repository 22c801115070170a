using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>The tick-regularity diagnostics: what the benchmark and an integrator read.</summary>
public class TickTimingTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void The_report_gives_how_far_each_tick_strayed_from_the_period_at_the_median_p99_and_max()
    {
        var time = new ManualTimeProvider();
        var timing = new TickTiming(time);
        timing.TickStarted(Period);
        foreach (var ms in new[] { 100, 100, 103, 100, 92, 100, 100, 100, 100, 100 })
        {
            time.Advance(TimeSpan.FromMilliseconds(ms));
            timing.TickStarted(Period);
        }

        var report = timing.Report();

        Assert.Equal(new TickTimingReport(10, 100, 0, 8, 8), report);
    }

    [Fact]
    public void Only_the_last_twenty_seconds_count_and_clearing_starts_again()
    {
        var time = new ManualTimeProvider();
        var timing = new TickTiming(time);
        timing.TickStarted(Period);
        time.Advance(TimeSpan.FromMilliseconds(500)); // one late tick, then 200 on time
        timing.TickStarted(Period);
        for (var i = 0; i < TickTiming.Window; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            timing.TickStarted(Period);
        }

        Assert.Equal(new TickTimingReport(TickTiming.Window, 100, 0, 0, 0), timing.Report());
        timing.Clear();
        Assert.Equal(0, timing.Report().Samples);
    }

    [Fact]
    public void Each_spacing_is_judged_against_the_period_its_tick_ran_at_and_a_change_of_period_is_not_a_deviation()
    {
        var time = new ManualTimeProvider();
        var timing = new TickTiming(time);
        var idle = TimeSpan.FromMilliseconds(500);
        timing.TickStarted(idle);
        time.Advance(idle);
        timing.TickStarted(idle);
        time.Advance(TimeSpan.FromMilliseconds(230)); // a session starts: the period restarts from the command
        timing.PeriodChanged();
        time.Advance(Period);
        timing.TickStarted(Period);
        time.Advance(TimeSpan.FromMilliseconds(104));
        timing.TickStarted(Period);

        Assert.Equal(new TickTimingReport(2, 100, 0, 4, 4), timing.Report());
    }

    [Fact]
    public async Task The_service_reports_its_ticks_to_a_client_with_the_credential()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await app.AdvanceAsync(TimeSpan.FromSeconds(3));

        var idle = await client.GetFromJsonAsync<TickTimingReport>("/api/v1/diagnostics/ticks");
        var start = await client.PostAsync("/api/v1/session/start", ApiCalls.Body("""{"durationMinutes":5}"""));
        start.EnsureSuccessStatusCode();
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        var running = await client.GetFromJsonAsync<TickTimingReport>("/api/v1/diagnostics/ticks");

        Assert.NotNull(idle);
        Assert.NotNull(running);
        Assert.Equal(500, idle.PeriodMs); // quiet: the idle tick
        Assert.True(idle.Samples >= 4, $"{idle.Samples} samples idle");
        Assert.Equal(100, running.PeriodMs);
        Assert.True(running.Samples >= idle.Samples + 18, $"{running.Samples} samples after 2 s of a session");
        Assert.Equal(0, running.DeviationMaxMs); // the test's clock moves exactly one period per tick, and the change of period is not counted
        Assert.Same(app.Services.GetRequiredService<TickTiming>(), app.Services.GetRequiredService<TickTiming>());
    }

    [Fact]
    public void On_a_time_scaled_clock_the_spacing_is_judged_against_the_period_divided_by_the_speed()
    {
        var wall = new ManualTimeProvider();
        var timing = new TickTiming(wall, () => 10);

        timing.TickStarted(TimeSpan.FromMilliseconds(100));
        wall.Advance(TimeSpan.FromMilliseconds(10));
        timing.TickStarted(TimeSpan.FromMilliseconds(100));
        wall.Advance(TimeSpan.FromMilliseconds(13));
        timing.TickStarted(TimeSpan.FromMilliseconds(100));

        Assert.Equal(new TickTimingReport(2, 100, 0, 3, 3), timing.Report());
    }

    [Fact]
    public async Task The_simulator_reports_how_regularly_its_ticks_really_ran()
    {
        await using var service = await ServiceUnderTest.StartAsync("--Simulator:TimeScale=10");
        using var client = service.Client();
        (await client.PostAsync("/api/v1/session/start", ApiCalls.Body("""{"durationMinutes":5}"""))).EnsureSuccessStatusCode();

        // Three telemetry events are three simulated seconds: 30 ticks. Waiting on them, not on the wall clock.
        var telemetry = 0;
        await EventReader.UntilAsync(client, (type, _) => type == "telemetry" && ++telemetry >= 3, "three telemetry events");
        var report = await client.GetFromJsonAsync<TickTimingReport>("/api/v1/diagnostics/ticks");

        Assert.True(report is { Samples: >= 20 }, $"{report?.Samples} samples");
        Assert.Equal(100, report!.PeriodMs);
        Assert.True(report.DeviationMaxMs > 0, "a real process never ticks to the microsecond; 0 means simulated time was measured");
    }
}
