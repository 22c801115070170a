using NeckCare.Device.Core.Hardware;
using Xunit;

namespace NeckCare.Device.TestSupport;

/// <summary>A backend under contract test, with a way to let time pass and to see the physical outputs.</summary>
public interface IContractSubject : IAsyncDisposable
{
    IMassagerDevice Device { get; }

    /// <summary>Lets <paramref name="span"/> of (simulated) time pass, with bytes flowing, and no control ticks.</summary>
    Task RunAsync(TimeSpan span);

    /// <summary>What the hardware actually drives now.</summary>
    double PhysicalMotor { get; }

    double PhysicalHeater { get; }

    /// <summary>Breaks the link from the device's side (a cable pulled, a driver gone) and returns once the backend could have seen it.</summary>
    Task BreakLinkAsync();

    /// <summary>The simulated massager behind the backend: fault injection, the stop button, what its own rules latched.</summary>
    ISimulatedMassager Hardware { get; }
}

/// <summary>
/// What every <see cref="IMassagerDevice"/> promises (see its remarks). Each backend derives one class
/// per way of running it and supplies <see cref="CreateAsync"/>; the serial backend runs it in memory
/// and over a pseudo-terminal, and any future backend runs the same facts.
/// </summary>
public abstract partial class MassagerDeviceContract
{
    private static readonly OutputCommand Some = new(0.6, MotorDirection.Clockwise, 0.8);

    /// <summary>
    /// Lets time pass until the hardware is off, or 60 s of simulated time: what went on the wire (or the
    /// closed link) may reach a real device through another thread. The limit only catches a device that
    /// never stops; the facts above that bound the time do so in simulated time.
    /// </summary>
    private static async Task UntilSafeAsync(IContractSubject s)
    {
        for (var i = 0; i < 6000 && (s.PhysicalMotor > 0 || s.PhysicalHeater > 0); i++)
        {
            await s.RunAsync(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>A subject whose device is not yet connected.</summary>
    protected abstract Task<IContractSubject> CreateAsync();

    private async Task<IContractSubject> ConnectedAsync()
    {
        var s = await CreateAsync();
        var info = await s.Device.ConnectAsync(CancellationToken.None);
        Assert.NotNull(info);
        Assert.True(s.Device.IsConnected);
        await s.RunAsync(TimeSpan.FromMilliseconds(200));
        return s;
    }

    [Fact]
    public async Task Outputs_are_off_after_connecting()
    {
        await using var s = await ConnectedAsync();

        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);
    }

    [Fact]
    public async Task Output_calls_return_at_once_even_when_nothing_is_read_at_the_other_end()
    {
        await using var s = await ConnectedAsync();

        // No time passes and no byte is delivered between these calls: a call that waited for the
        // device would wait for ever. The bound turns that into a failure; it is not a speed claim.
        Assert.True(await OutputCalls.ReturnWithoutTheDeviceAsync(s.Device, TimeSpan.FromSeconds(30)),
            "an output call waited for the device");
    }

    [Fact]
    public async Task SetOutputs_drives_the_hardware_with_values_clamped_to_full_scale()
    {
        await using var s = await ConnectedAsync();

        s.Device.SetOutputs(new OutputCommand(7.0, MotorDirection.Clockwise, double.NaN));
        await s.RunAsync(TimeSpan.FromMilliseconds(50));

        Assert.Equal(1.0, s.PhysicalMotor, 3);
        Assert.Equal(0, s.PhysicalHeater);
    }

    [Fact]
    public async Task StopAll_is_idempotent_and_safe_connected_or_not()
    {
        var s = await CreateAsync();
        s.Device.StopAll();
        s.Device.StopAll();
        await s.Device.ConnectAsync(CancellationToken.None);
        s.Device.SetOutputs(Some);
        await s.RunAsync(TimeSpan.FromMilliseconds(50));

        s.Device.StopAll();
        s.Device.StopAll();
        await s.RunAsync(TimeSpan.FromMilliseconds(50));

        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);
        await s.DisposeAsync();
        s.Device.StopAll();
    }

    [Fact]
    public async Task Readings_carry_the_devices_own_sample_count_and_clock_which_never_go_back()
    {
        await using var s = await ConnectedAsync();
        var last = s.Device.Read();
        var advanced = 0;

        for (var i = 0; i < 30; i++)
        {
            s.Device.SetOutputs(OutputCommand.Off); // keep the device fed, as the control loop would
            await s.RunAsync(TimeSpan.FromMilliseconds(100));
            var now = s.Device.Read();
            Assert.True(now.Sample >= last.Sample, $"sample went back: {last.Sample} → {now.Sample}");
            Assert.True(now.SampledAt >= last.SampledAt, $"device time went back: {last.SampledAt} → {now.SampledAt}");
            advanced += now.Sample > last.Sample ? 1 : 0;
            last = now;
        }

        Assert.True(advanced >= 25, $"only {advanced} of 30 periods brought a new sample");
    }

    [Fact]
    public async Task Without_SetOutputs_from_the_loop_the_hardware_stops_by_itself_within_the_watchdog()
    {
        await using var s = await ConnectedAsync();
        s.Device.SetOutputs(Some);
        await s.RunAsync(TimeSpan.FromMilliseconds(50));
        Assert.True(s.PhysicalMotor > 0 && s.PhysicalHeater > 0);

        await s.RunAsync(TimeSpan.FromMilliseconds(1020)); // no timer of the backend may refresh them

        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);
    }

    [Fact]
    public async Task Disconnecting_stops_everything()
    {
        await using var s = await ConnectedAsync();
        s.Device.SetOutputs(Some);
        await s.RunAsync(TimeSpan.FromMilliseconds(50));

        await s.Device.DisconnectAsync(CancellationToken.None);
        await UntilSafeAsync(s);

        Assert.False(s.Device.IsConnected);
        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);
    }

    [Fact]
    public async Task Losing_the_link_stops_everything_and_is_reported_as_an_event()
    {
        await using var s = await ConnectedAsync();
        s.Device.SetOutputs(Some);
        await s.RunAsync(TimeSpan.FromMilliseconds(50));

        await s.BreakLinkAsync();
        await s.RunAsync(TimeSpan.FromMilliseconds(100));
        _ = s.Device.Read();
        await UntilSafeAsync(s);

        Assert.False(s.Device.IsConnected);
        Assert.Equal(0, s.PhysicalMotor);
        Assert.Equal(0, s.PhysicalHeater);
        var events = new List<DeviceEvent>();
        while (s.Device.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        Assert.Contains(events, e => e is DeviceDisconnected);
    }
}
