using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Serial;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.TestSupport;
using Microsoft.Extensions.Options;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The real host on the shipped path (SerialMassager → wire protocol → FirmwareEmulator), with a manual
/// clock and the link in lock-step with the test, so every run is the same and never waits on the wall clock.
/// </summary>
public sealed class MassagerApp : WebApplicationFactory<Program>
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly Dictionary<string, string?> _settings;
    private LockstepLink? _link;

    private readonly IMassagerDevice? _device;

    /// <param name="device">A device to use instead of the emulator behind the protocol (a mock at the boundary).</param>
    private readonly bool _realBackend;

    /// <param name="realBackend">Keep the backend Hardware:Backend chooses (for tests of that choice).</param>
    /// <param name="kestrel">Serve on a real loopback port (for a browser) instead of the in-memory test server.</param>
    public MassagerApp(Dictionary<string, string?>? settings = null, IMassagerDevice? device = null, bool realBackend = false, bool kestrel = false)
    {
        _settings = settings ?? [];
        if (kestrel)
        {
            // The port through the app's own "urls", not UseKestrel(port): that one rewrites the server's
            // addresses after the app has been built, racing Kestrel's bind, and throws when Kestrel wins
            // ("cannot be modified after the server has started", dotnet/aspnetcore#67714).
            UseKestrel();
            _settings.TryAdd("urls", "http://127.0.0.1:0");
        }

        // Every client this factory makes carries the token; a test of the lock makes its own.
        _settings.TryAdd("Api:Token", Token);
        _settings.TryAdd("Storage:StateDirectory", StateDirectory);
        _device = device;
        _realBackend = realBackend;
        // Telemetry half a tick before each control tick: every tick sees the sample it is due.
        Device = new FirmwareEmulator(Time, telemetryPhase: TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The API token every test client sends (Api:Token).</summary>
    public const string Token = "GjwIHST7SFNBoDWlhTNABZKv-wDuE16QKy87MIiKmBw";

    public ManualTimeProvider Time { get; } = new();

    /// <summary>Settings applied when the host is built (a test may add to them until then).</summary>
    public Dictionary<string, string?> Settings => _settings;

    /// <summary>
    /// Settings the service must not find on its command line (where UseSetting puts the others): a
    /// password, as from the environment file.
    /// </summary>
    public Dictionary<string, string?> Secrets { get; } = [];

    /// <summary>More service replacements, applied last (a fake GPIO kernel, a notifier on a test socket).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    /// <summary>This test's own state directory (pairings, a generated token), never the source tree.</summary>
    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"neckcare-state-{Guid.NewGuid():N}");

    /// <summary>A client with no credential at all.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>Where auto-tuned gains are saved in this test (never the source tree).</summary>
    public string TunedGainsPath { get; } = Path.Combine(Path.GetTempPath(), $"neckcare-gains-{Guid.NewGuid():N}.json");

    /// <summary>The emulated firmware behind the protocol: fault injection and what it actually drives.</summary>
    public FirmwareEmulator Device { get; }

    /// <summary>Resolved once: a test may still read it after the service has stopped itself.</summary>
    internal ControllerService Controller => _controller ??= Services.GetRequiredService<ControllerService>();

    private ControllerService? _controller;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // A null value leaves the option unset (Api:Token = null: let the service generate one).
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Secrets));

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            // The test moves time itself (AdvanceAsync), never the simulator's wall-clock pacer.
            services.RemoveAll<IClockPacer>();
            services.AddSingleton<IClockPacer, TestMovesTime>();
            services.RemoveAll<FirmwareEmulator>();
            services.AddSingleton(Device);
            services.RemoveAll<TunedGainsStore>();
            services.AddSingleton(new TunedGainsStore(TunedGainsPath, NullLogger<TunedGainsStore>.Instance));
            ExtraServices?.Invoke(services);
            if (_realBackend)
            {
                return;
            }

            services.RemoveAll<IMassagerDevice>();
            services.AddSingleton<IMassagerDevice>(sp => _device ?? new SerialMassager(OpenLink, new SerialOptions(),
                sp.GetRequiredService<IOptions<SafetyOptions>>().Value.FirmwareCeilingC, Time));
        });
    }

    /// <summary>
    /// Moves the clock forward in 10 ms steps, delivering bytes after each; a step that fires a tick
    /// waits for the loop to handle it (ticks come at the session or the idle period, as the loop chooses).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += Step)
        {
            await StepAsync();
        }
    }

    /// <summary>Advances step by step until <paramref name="condition"/> holds (the loop may stop meanwhile); fails after <paramref name="limit"/>.</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t <= limit; t += Step)
        {
            await StepAsync(condition);
            if (condition())
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"condition not met within {limit} of simulated time");
    }

    /// <summary>One 10 ms step, bytes delivered; if it made a tick due, waits until the loop has handled it (or <paramref name="enough"/> holds).</summary>
    private async Task StepAsync(Func<bool>? enough = null)
    {
        var due = Controller.NextTickDue;
        var next = Controller.NextTickAsync();
        Time.Advance(Step);
        _link?.Pump();
        if (Time.GetTimestamp() >= due)
        {
            await UntilHandledAsync(next, enough);
            _link?.Pump();
        }
    }

    /// <summary>
    /// Waits for the owner loop to handle a tick while delivering bytes: the loop may be mid-handshake
    /// (it starts whenever the machine gets round to it) and the handshake needs the device's answer.
    /// The limit only turns a deadlock into a failure; no timing is asserted.
    /// </summary>
    private async Task UntilHandledAsync(Task tick, Func<bool>? enough)
    {
        var limit = Task.Delay(TimeSpan.FromMinutes(1), TimeProvider.System);
        while (!tick.IsCompleted && enough?.Invoke() != true)
        {
            _link?.Pump();
            if (await Task.WhenAny(tick, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System), limit) == limit)
            {
                throw new TimeoutException("the control loop did not handle a tick within a minute (a deadlock?)");
            }
        }
    }

    /// <summary>Starts the host and lets the owner loop connect to the emulator.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        var device = Services.GetRequiredService<IMassagerDevice>();
        _ = Controller;
        for (var i = 0; i < 20 && !device.IsConnected; i++)
        {
            await AdvanceAsync(TimeSpan.FromMilliseconds(100));
        }

        // One idle tick and a little: the loop has judged a reading before the test begins.
        await AdvanceAsync(Controller.Period + TimeSpan.FromMilliseconds(100));
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Where a browser reaches the page (kestrel mode), e.g. http://127.0.0.1:40123.</summary>
    public string BaseAddress =>
        Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Delivers whatever is on the wire now (after a command, say).</summary>
    public void Pump() => _link?.Pump();

    private ValueTask<Stream> OpenLink(CancellationToken ct)
    {
        var link = new LockstepLink();
        _link = link;
        _ = Device.ServeAsync(link.DeviceEnd, CancellationToken.None);
        return ValueTask.FromResult(link.HostEnd);
    }

    /// <summary>In place of the simulator's pacer: nothing moves the clock but the test.</summary>
    private sealed class TestMovesTime : Microsoft.Extensions.Hosting.BackgroundService, IClockPacer
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
