using System.Diagnostics;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Protocol;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Links;
using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// Controller → SerialMassager → link → FirmwareEmulator, on a manual clock. Time moves in 10 ms steps;
/// after each step the rig waits until both ends have consumed every byte the other wrote, so the run
/// is deterministic and never sleeps on the wall clock.
/// </summary>
internal sealed class LinkRig : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly Func<CancellationToken, ValueTask<Stream>>? _customLink;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _serving = [];
    private TimeSpan _sinceTick;
    private (long HostSent, long DeviceRead, long DeviceSent, long HostRead) _base;

    public LinkRig(Func<LinkRig, CancellationToken, ValueTask<Stream>>? openLink = null)
    {
        Device = new FirmwareEmulator(Time);
        if (openLink is not null)
        {
            _customLink = ct => openLink(this, ct);
        }

        Host = new SerialMassager(_customLink ?? OpenInMemory, new SerialOptions(), 45.0, Time) { SentOutputsLog = [] };
        Controller = new MassageController(Host, new SessionOptions(), new HeatOptions(), new SafetyOptions(), Time);
    }

    public ManualTimeProvider Time { get; } = new();

    public FirmwareEmulator Device { get; }

    public SerialMassager Host { get; }

    public MassageController Controller { get; }

    public SessionStatus Status => Controller.Status;

    /// <summary>Set false to make the next connect find no device (an unplugged cable).</summary>
    public bool DevicePresent { get; set; } = true;

    public Stream? DeviceEnd { get; private set; }

    public static async Task<LinkRig> ConnectedAsync()
    {
        var rig = new LinkRig();
        Assert.True(await rig.Controller.TryConnectAsync(CancellationToken.None), rig.Controller.LastConnectError);
        await rig.RunAsync(TimeSpan.FromMilliseconds(200));
        return rig;
    }

    public void Serve(Stream deviceEnd) => _serving.Add(Device.ServeAsync(deviceEnd, _stop.Token));

    /// <summary>Makes <paramref name="deviceEnd"/> the device's end of the link and serves it.</summary>
    public void AttachDevice(Stream deviceEnd)
    {
        _base = (Host.Statistics.BytesSent, Device.BytesReceived, Device.BytesSent, Host.Statistics.BytesReceived);
        DeviceEnd = deviceEnd;
        Serve(deviceEnd);
    }

    /// <summary>Runs the whole system for <paramref name="span"/>: device steps every 10 ms, controller ticks every 100 ms.</summary>
    public async Task RunAsync(TimeSpan span, bool tick = true)
    {
        for (var t = TimeSpan.Zero; t < span; t += Step)
        {
            Time.Advance(Step);
            await SettleAsync();
            _sinceTick += Step;
            if (tick && _sinceTick >= TimeSpan.FromMilliseconds(100))
            {
                _sinceTick = TimeSpan.Zero;
                Controller.Tick();
                await SettleAsync();
            }
        }
    }

    public async Task<TimeSpan> RunUntilAsync(Func<LinkRig, bool> condition, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t <= limit; t += Step)
        {
            if (condition(this))
            {
                return t;
            }

            await RunAsync(Step);
        }

        Assert.Fail($"not reached within {limit}: state {Status.State}, fault {Status.Fault?.Code}, device {Device}");
        return limit;
    }

    /// <summary>Waits (without sleeping) until every byte written by either end has been read by the other.</summary>
    public async Task SettleAsync()
    {
        var watch = Stopwatch.StartNew();
        while (Host.IsConnected || DeviceEnd is not null)
        {
            // Per-link counts: bytes written into a link that then died never arrive anywhere.
            var hostDone = Host.Statistics.BytesSent - _base.HostSent <= Device.BytesReceived - _base.DeviceRead || !Host.IsConnected;
            var deviceDone = Device.BytesSent - _base.DeviceSent <= Host.Statistics.BytesReceived - _base.HostRead || !Host.IsConnected;
            if (hostDone && deviceDone)
            {
                return;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"link did not settle: host sent {Host.Statistics.BytesSent}, device read {Device.BytesReceived}; device sent {Device.BytesSent}, host read {Host.Statistics.BytesReceived}");
            }

            await Task.Yield();
        }
    }

    public void Accept(SessionCommand command)
    {
        var result = Controller.Handle(command);
        Assert.True(result.IsAccepted, result.Refusal?.Message);
    }

    /// <summary>Every output the device applied was one the host sent: no wrong actuation.</summary>
    public void AssertNoWrongActuation()
    {
        var sent = Host.SentOutputsLog!;
        var wrong = Device.Applied.Where(a => !sent.Contains(a)).ToList();
        Assert.True(wrong.Count == 0, $"device applied {wrong.Count} outputs the host never sent, e.g. {wrong.FirstOrDefault()}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _stop.CancelAsync();
        DeviceEnd?.Dispose();
        await Task.WhenAll(_serving).WaitAsync(TimeSpan.FromSeconds(5));
        Device.Dispose();
        _stop.Dispose();
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
