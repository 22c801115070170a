using Moq;
using NeckCare.Device.Core.Hardware;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>The contract's "output calls never wait" check, run against a device that does wait.</summary>
public class OutputCallsCheckTests
{
    [Fact]
    public async Task The_check_fails_a_device_whose_SetOutputs_waits_for_the_other_end()
    {
        using var never = new ManualResetEventSlim();
        using var release = new CancellationTokenSource();
        var device = new Mock<IMassagerDevice>();
        device.Setup(d => d.SetOutputs(It.IsAny<OutputCommand>())).Callback(() => never.Wait(release.Token));

        // A short bound is safe here: the device never answers, so no machine is slow enough to pass.
        var returned = await OutputCalls.ReturnWithoutTheDeviceAsync(device.Object, TimeSpan.FromMilliseconds(200));
        await release.CancelAsync(); // let the stuck thread go (it ends with the cancellation)

        Assert.False(returned);
    }

    [Fact]
    public async Task The_check_passes_a_device_whose_calls_return_at_once()
    {
        var device = new Mock<IMassagerDevice>();
        device.Setup(d => d.Read()).Returns(DeviceReadings.None);

        Assert.True(await OutputCalls.ReturnWithoutTheDeviceAsync(device.Object, TimeSpan.FromSeconds(30)));
    }
}
