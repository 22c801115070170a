using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Moq;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// A control step that throws: outputs off and ControllerError latched, so the next tick cannot switch
/// them on again; failures that repeat stop the service with exit code 70. The device is a mock here
/// because the failure to inject is the backend itself throwing, an interaction at the boundary.
/// </summary>
public class FailurePolicyTests
{
    private static (MassagerApp App, Mock<IMassagerDevice> Device) AppWithDeviceThatFailsToRead(int goodReads)
    {
        var device = new Mock<IMassagerDevice>();
        var events = Channel.CreateUnbounded<DeviceEvent>();
        var reads = 0;
        device.SetupGet(d => d.IsConnected).Returns(true);
        device.SetupGet(d => d.Info).Returns(new DeviceInfo("mock", "1", 5, true, "ntc", 45));
        device.SetupGet(d => d.Events).Returns(events.Reader);
        device.Setup(d => d.ConnectAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new DeviceInfo("mock", "1", 5, true, "ntc", 45));
        device.Setup(d => d.Read()).Returns(() => ++reads <= goodReads
            ? new DeviceReadings(reads, TimeSpan.FromMilliseconds(100 * reads), 35, 0, 0, 0, DeviceFaults.None)
            : throw new InvalidOperationException("the backend broke"));
        var app = new MassagerApp(device: device.Object);
        return (app, device);
    }

    [Fact]
    public async Task A_control_step_that_throws_latches_ControllerError_with_outputs_off()
    {
        var (app, device) = AppWithDeviceThatFailsToRead(goodReads: 3);
        await using var running = app;
        await app.StartAsync();

        await app.AdvanceAsync(TimeSpan.FromSeconds(2)); // a few ticks, at whichever period the loop runs

        var status = app.Controller.Status;
        Assert.Equal(FaultCode.ControllerError, status.Fault?.Code);
        Assert.Equal(0, status.Outputs.MotorSpeed);
        Assert.Equal(0, status.Outputs.HeaterDuty);
        device.Verify(d => d.StopAll(), Times.AtLeastOnce());
        device.Verify(d => d.SetOutputs(It.Is<OutputCommand>(o => o.MotorSpeed > 0 || o.HeaterDuty > 0)), Times.Never());
    }

    [Fact]
    public async Task Failures_that_repeat_stop_the_service_with_exit_code_70()
    {
        var (app, _) = AppWithDeviceThatFailsToRead(goodReads: 2);
        await using var running = app;
        // Taken before the first tick: the service stops itself, and its container goes with it.
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var exit = app.Services.GetRequiredService<ServiceExit>();
        _ = app.Controller;

        await app.AdvanceUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(5));

        Assert.Equal(ControllerService.FailureExitCode, exit.Code);
    }
}
