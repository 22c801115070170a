using System.Diagnostics;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Serial;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Links;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// The whole protocol path on a manual clock over a link with real threads behind it (a pseudo-terminal,
/// or the product's in-memory link): controller → SerialMassager → link → FirmwareEmulator. Time moves
/// in 10 ms steps; after each step the harness waits until both ends have read every byte the other
/// wrote on the current link, so runs never sleep on the wall clock. Tests that need no real I/O use
/// the lock-step <see cref="Rig"/> instead.
/// </summary>
public class ProtocolHarness : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _serving = [];
    private TimeSpan _sinceTick;
    private (long HostSent, long DeviceRead, long DeviceSent, long HostRead) _base;
    private long _hostWritten;
    private long _deviceWritten;

    /// <param name="openLink">How the host reaches the device; by default a fresh in-memory link per connect.</param>
    public ProtocolHarness(Func<ProtocolHarness, CancellationToken, ValueTask<Stream>>? openLink = null)
    {
        Device = new FirmwareEmulator(Time);
        Func<CancellationToken, ValueTask<Stream>> open = openLink is null ? OpenInMemory : ct => openLink(this, ct);
        Host = new SerialMassager(async ct => new TappedStream(await open(ct).ConfigureAwait(false), Wire, n => Interlocked.Add(ref _hostWritten, n)),
            new SerialOptions(), 45.0, Time);
        Controller = new MassageController(Host, new SessionOptions(), new HeatOptions(), new SafetyOptions(), Time);
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>Every frame the host put on the wire, decoded from outside the host.</summary>
    public WireLog Wire { get; } = new();

    public FirmwareEmulator Device { get; }

    public SerialMassager Host { get; }

    public MassageController Controller { get; }

    public SessionStatus Status => Controller.Status;

    /// <summary>Set false to make the next connect find no device (an unplugged cable).</summary>
    public bool DevicePresent { get; set; } = true;

    public Stream? DeviceEnd { get; private set; }

    /// <summary>Makes <paramref name="deviceEnd"/> the device's end of a new link and serves it.</summary>
    public void AttachDevice(Stream deviceEnd)
    {
        CountLinkFromHere();
        DeviceEnd = deviceEnd;
        _serving.Add(Device.ServeAsync(new TappedStream(deviceEnd, null, n => Interlocked.Add(ref _deviceWritten, n)), _stop.Token));
    }

    private long HostWritten => Interlocked.Read(ref _hostWritten);

    private long DeviceWritten => Interlocked.Read(ref _deviceWritten);

    /// <summary>
    /// Settling compares bytes written with bytes read from here on: after the host reopened a device
    /// that stayed attached, what was in flight when the old descriptor closed never arrives. The read
    /// counts are taken first: a write is counted before it goes out, so every byte counted as read here
    /// is also counted as written, and nothing read before the base can show up as written after it
    /// (which would leave the link looking unsettled for ever).
    /// </summary>
    public void CountLinkFromHere()
    {
        var hostRead = Host.Statistics.BytesReceived;
        var deviceRead = Device.BytesReceived;
        _base = (HostWritten, deviceRead, DeviceWritten, hostRead);
    }

    public async Task ConnectAsync()
    {
        if (!await Controller.TryConnectAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw new IOException($"could not connect: {Controller.LastConnectError}");
        }

        await RunAsync(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
    }

    /// <summary>Runs the whole system for <paramref name="span"/>: device steps every 10 ms, controller ticks every 100 ms.</summary>
    public async Task RunAsync(TimeSpan span, bool tick = true)
    {
        for (var t = TimeSpan.Zero; t < span; t += Step)
        {
            Time.Advance(Step);
            await SettleAsync().ConfigureAwait(false);
            _sinceTick += Step;
            if (tick && _sinceTick >= TimeSpan.FromMilliseconds(100))
            {
                _sinceTick = TimeSpan.Zero;
                Controller.Tick();
                await SettleAsync().ConfigureAwait(false);
            }
        }
    }

    /// <returns>How long it took, or null if <paramref name="limit"/> passed first.</returns>
    public async Task<TimeSpan?> RunUntilAsync(Func<ProtocolHarness, bool> condition, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t <= limit; t += Step)
        {
            if (condition(this))
            {
                return t;
            }

            await RunAsync(Step).ConfigureAwait(false);
        }

        return null;
    }

    private long DeviceDropped => DeviceEnd is NeckCare.Device.Serial.Linux.FileDescriptorStream f ? f.DroppedOnWrite : 0;

    /// <summary>Waits (without sleeping) until every byte written by either end on this link has been read by the other.</summary>
    public async Task SettleAsync()
    {
        var watch = Stopwatch.StartNew();
        while (Host.IsConnected || DeviceEnd is not null)
        {
            // Per-link counts: bytes written into a link that then died never arrive anywhere. The order
            // of the reads matters: each side counts a byte as read only after acting on it (answers
            // included, and those are counted as written before they go out), so reading "host wrote",
            // then "device read", then "device wrote", then "host read", then "host wrote" again proves
            // a quiet link: nothing either side wrote is left unread, and nothing read caused a new write.
            var hostSent = HostWritten;
            var deviceRead = Device.BytesReceived;
            var deviceSent = DeviceWritten - DeviceDropped;
            var hostRead = Host.Statistics.BytesReceived;
            var quiet = HostWritten == hostSent;
            var hostDone = hostSent - _base.HostSent <= deviceRead - _base.DeviceRead;
            // Bytes the device end dropped because the host side's buffer stayed full never arrive either.
            var deviceDone = deviceSent - _base.DeviceSent <= hostRead - _base.HostRead;
            if ((quiet && hostDone && deviceDone) || !Host.IsConnected)
            {
                return;
            }

            // Only a deadlock guard, never a timing assertion: a busy machine may take seconds.
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException(
                    $"link did not settle: host sent {HostWritten - _base.HostSent}, device read {Device.BytesReceived - _base.DeviceRead}; " +
                    $"device sent {DeviceWritten - _base.DeviceSent} (dropped {DeviceDropped} in all), host read {Host.Statistics.BytesReceived - _base.HostRead} " +
                    $"on this link; host connected {Host.IsConnected}");
            }

            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        DeviceEnd?.Dispose();
        await Task.WhenAll(_serving).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        Device.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private ValueTask<Stream> OpenInMemory(CancellationToken ct)
    {
        if (!DevicePresent)
        {
            throw new IOException("no device on the link");
        }

        var (host, device) = InMemoryLink.CreatePair();
        AttachDevice(device);
        return ValueTask.FromResult(host);
    }
}
