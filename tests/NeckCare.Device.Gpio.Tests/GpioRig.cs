using NeckCare.Device.Core.Hardware;
using NeckCare.Device.TestSupport.Gpio;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>A GpioMassager over the simulated tree on a manual clock, for the driver tests.</summary>
internal sealed class GpioRig : IAsyncDisposable
{
    public GpioRig(Action<GpioOptions>? configure = null, double ceilingC = 45)
    {
        Tree = new SimulatedGpioTree(Time);
        configure?.Invoke(Tree.Options);
        Device = new GpioMassager(Tree.Options, Tree.Kernel, ceilingC, Time);
        Tree.FaultSource = () => Device.Read().Faults;
    }

    public ManualTimeProvider Time { get; } = new();

    public SimulatedGpioTree Tree { get; }

    public GpioMassager Device { get; }

    public FakeGpioKernel Kernel => Tree.Kernel;

    public static async Task<GpioRig> ConnectedAsync(Action<GpioOptions>? configure = null, double ceilingC = 45)
    {
        var rig = new GpioRig(configure, ceilingC);
        await rig.Device.ConnectAsync(CancellationToken.None);
        rig.Run(TimeSpan.FromMilliseconds(200));
        return rig;
    }

    /// <summary>Moves time in 10 ms steps (timers fire as they fall due).</summary>
    public void Run(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(10))
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Feeds the outputs every 100 ms, as the control loop would, for <paramref name="span"/>.</summary>
    public void Drive(OutputCommand outputs, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(100))
        {
            Device.SetOutputs(outputs);
            Run(TimeSpan.FromMilliseconds(100));
        }
    }

    public List<DeviceEvent> Events()
    {
        var events = new List<DeviceEvent>();
        while (Device.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    public bool Level(int line) => Kernel.Level(Tree.ChipPath, (uint)line);

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        Tree.Dispose();
    }
}
