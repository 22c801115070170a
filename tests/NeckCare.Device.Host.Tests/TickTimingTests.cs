using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>The tick-regularity diagnostics: what the benchmark and an integrator read.</summary>
public class TickTimingTests
{
    [Fact]
    public void The_report_gives_how_far_each_tick_strayed_from_the_period_at_the_median_p99_and_max()
    {
        var time = new ManualTimeProvider();
        var timing = new TickTiming(time, TimeSpan.FromMilliseconds(100));
        timing.TickStarted();
        foreach (var ms in new[] { 100, 100, 103, 100, 92, 100, 100, 100, 100, 100 })
        {
            time.Advance(TimeSpan.FromMilliseconds(ms));
            timing.TickStarted();
        }

        var report = timing.Report();

        Assert.Equal(new TickTimingReport(10, 100, 0, 8, 8), report);
    }

    [Fact]
    public void Only_the_last_twenty_seconds_count_and_clearing_starts_again()
    {
        var time = new ManualTimeProvider();
        var timing = new TickTiming(time, TimeSpan.FromMilliseconds(100));
        timing.TickStarted();
        time.Advance(TimeSpan.FromMilliseconds(500)); // one late tick, then 200 on time
        timing.TickStarted();
        for (var i = 0; i < TickTiming.Window; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            timing.TickStarted();
        }

        Assert.Equal(new TickTimingReport(TickTiming.Window, 100, 0, 0, 0), timing.Report());
        timing.Clear();
        Assert.Equal(0, timing.Report().Samples);
    }

    [Fact]
    public async Task The_service_reports_its_ticks_to_a_client_with_the_credential()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        var report = await client.GetFromJsonAsync<TickTimingReport>("/api/v1/diagnostics/ticks");

        Assert.NotNull(report);
        Assert.True(report.Samples >= 19, $"{report.Samples} samples");
        Assert.Equal(100, report.PeriodMs);
        Assert.Equal(0, report.DeviationP99Ms); // the test's clock moves exactly one period per tick
        Assert.Same(app.Services.GetRequiredService<TickTiming>(), app.Services.GetRequiredService<TickTiming>());
    }
}
