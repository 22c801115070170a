using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>
/// A sensor fault's cause counts as present from the first moment it is seen: acknowledge and start are
/// refused for the documented 5 s of steady readings, never accepted in the moments between the device
/// latching and the host's judgement. The audit of issue 20 saw acknowledges accepted 2 ms after a latch.
/// </summary>
public class AcknowledgeRaceTests
{
    public static TheoryData<RigBackend, SimulatedFault> Cases()
    {
        var data = new TheoryData<RigBackend, SimulatedFault>();
        foreach (var backend in new[] { RigBackend.Serial, RigBackend.Gpio })
        {
            foreach (var fault in new[] { SimulatedFault.SensorOpen, SimulatedFault.SensorShorted, SimulatedFault.SensorGlitch, SimulatedFault.SensorNoReading })
            {
                data.Add(backend, fault);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Acknowledge_and_start_sent_every_10_ms_for_a_second_after_a_sensor_fault_are_all_refused(RigBackend backend, SimulatedFault fault)
    {
        using var on = Rig.On(backend);
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Run(TimeSpan.FromSeconds(70));
        rig.Hardware.Inject(fault);
        var faultedAt = (TimeSpan?)null;

        for (var step = 0; step < 150; step++)
        {
            rig.Steps(1);
            if (rig.Status.State == SessionState.Faulted)
            {
                faultedAt ??= TimeSpan.FromMilliseconds(step * 10);
                // A glitch is gone after a moment; the others stay. Either way it is too early.
                if (fault == SimulatedFault.SensorGlitch)
                {
                    rig.Hardware.Clear(fault);
                }
            }

            if (faultedAt is null)
            {
                continue; // still running: an acknowledge has nothing to clear, a start is refused as "running"
            }

            Assert.False(rig.Do(new AcknowledgeFault()).IsAccepted, $"acknowledge accepted {step * 10} ms after the injection, fault at {faultedAt}");
            Assert.False(rig.Do(new StartSession(10, HeatLevel.High)).IsAccepted, $"start accepted {step * 10} ms after the injection");
            Assert.Equal(SessionState.Faulted, rig.Status.State);
        }

        Assert.NotNull(faultedAt);
        rig.AssertOutputsOff();
    }
}

/// <summary>The race itself, scripted at the device boundary: the device's fault event arrives before any bad reading.</summary>
public class DeviceSensorFaultAcknowledgeTests
{
    private static readonly DateTimeOffset Someday = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sensor_fault_the_device_reports_before_its_bad_reading_arrives_cannot_be_acknowledged_for_5_seconds()
    {
        var bench = Control.DeviceBench.Ready();
        bench.Accept(new StartSession(10, HeatLevel.Low));
        bench.Run(TimeSpan.FromSeconds(2));

        bench.Raise(new Hardware.DeviceReportedFault(Someday, Hardware.DeviceFaults.SensorFault, "sensor"));
        bench.Tick(); // the readings still look good: the device saw the open sensor first

        Assert.Equal(SessionState.Faulted, bench.Controller.State);
        bench.Faults = Hardware.DeviceFaults.None; // the device will clear its latch as soon as asked
        for (var i = 0; i < 49; i++)
        {
            Assert.Equal("cause-present", bench.Do(new AcknowledgeFault()).Refusal?.Code);
            Assert.Equal("fault-latched", bench.Do(new StartSession(10, HeatLevel.High)).Refusal?.Code);
            bench.Tick();
        }

        bench.Tick(); // 5 s of good readings after the latch
        bench.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, bench.Controller.State);
    }
}
