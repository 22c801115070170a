using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Simulator;
using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.Host.Tests;

/// <summary>The real host, with its clock replaced by a manual one and the simulator exposed for fault injection.</summary>
public sealed class MassagerApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public MassagerApp(Dictionary<string, string?>? settings = null) => _settings = settings ?? [];

    public ManualTimeProvider Time { get; } = new();

    /// <summary>Where auto-tuned gains are saved in this test (never the source tree).</summary>
    public string TunedGainsPath { get; } = Path.Combine(Path.GetTempPath(), $"neckcare-gains-{Guid.NewGuid():N}.json");

    public SimulatedMassager Device => Services.GetRequiredService<SimulatedMassager>();

    internal ControllerService Controller => Services.GetRequiredService<ControllerService>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<IMassagerDevice>();
            services.AddSingleton(sp => new SimulatedMassager(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMassagerDevice>(sp => sp.GetRequiredService<SimulatedMassager>());
            services.RemoveAll<TunedGainsStore>();
            services.AddSingleton(new TunedGainsStore(TunedGainsPath, NullLogger<TunedGainsStore>.Instance));
        });
    }

    /// <summary>Moves the clock forward in control-loop periods, waiting for the loop to handle each tick.</summary>
    public async Task AdvanceAsync(TimeSpan span)
    {
        var period = TimeSpan.FromMilliseconds(100);
        for (var t = TimeSpan.Zero; t < span; t += period)
        {
            var next = Controller.NextTickAsync();
            Time.Advance(period);
            await next.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Starts the host and lets the owner loop connect to the simulator.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await AdvanceAsync(TimeSpan.FromMilliseconds(200));
        return client;
    }
}
