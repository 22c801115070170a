using NeckCare.Device.Core.Hardware;

namespace NeckCare.Device.TestSupport;

/// <summary>The contract's "output calls never wait for the device", as a check that can fail.</summary>
public static class OutputCalls
{
    /// <summary>
    /// Makes 1,000 rounds of SetOutputs, StopAll, ClearFaults and Read on another thread and says whether
    /// they all returned within <paramref name="bound"/>. Nothing on the other end is read meanwhile.
    /// </summary>
    public static async Task<bool> ReturnWithoutTheDeviceAsync(IMassagerDevice device, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(device);
        var calls = Task.Factory.StartNew(() =>
        {
            var some = new OutputCommand(0.6, MotorDirection.Clockwise, 0.8);
            for (var i = 0; i < 1000; i++)
            {
                device.SetOutputs(some with { MotorSpeed = i % 10 / 10.0 });
                device.StopAll();
                device.ClearFaults();
                _ = device.Read();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var finished = await Task.WhenAny(calls, Task.Delay(bound)).ConfigureAwait(false);
        return finished == calls;
    }
}
