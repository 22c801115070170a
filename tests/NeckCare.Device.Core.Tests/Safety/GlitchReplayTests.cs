using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>
/// A one-second sensor glitch is a sensor fault, never a stuck heater: replayed at every 10 ms phase of
/// a control tick, with heat off and low, while the pad is being heated hard and while it holds, on both
/// backends. The audit of issue 20 saw "Unplug the massager" after such a glitch.
/// </summary>
public class GlitchReplayTests
{
    public static TheoryData<RigBackend, HeatLevel, int> Cases()
    {
        var data = new TheoryData<RigBackend, HeatLevel, int>();
        foreach (var backend in new[] { RigBackend.Serial, RigBackend.Gpio })
        {
            foreach (var heat in new[] { HeatLevel.Off, HeatLevel.Low })
            {
                // 5 s in: the heater at full duty, the pad well ahead of the lagging sensor. 200 s in: holding.
                foreach (var secondsIn in new[] { 5, 200 })
                {
                    data.Add(backend, heat, secondsIn);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_one_second_glitch_at_any_phase_of_a_tick_latches_only_a_sensor_fault(RigBackend backend, HeatLevel heat, int secondsIn)
    {
        for (var phase = 0; phase < 10; phase++)
        {
            using var on = Rig.On(backend);
            var rig = Rig.Running(minutes: 15, heat: heat);
            rig.Run(TimeSpan.FromSeconds(secondsIn));
            rig.Steps(phase);

            rig.Hardware.Inject(SimulatedFault.SensorGlitch);
            rig.Steps(100);
            rig.Hardware.Clear(SimulatedFault.SensorGlitch);
            rig.Run(TimeSpan.FromSeconds(90));

            var codes = rig.Status.Fault is { } f ? f.Others.Select(o => o.Code).Prepend(f.Code).ToList() : [];
            Assert.True(codes.Contains(FaultCode.SensorImplausible), $"phase {phase}: {string.Join(", ", codes)}");
            Assert.DoesNotContain(FaultCode.HeaterStuckOn, codes);
            Assert.True(rig.Status.OutputsUnderControl, $"phase {phase}: {rig.Status.Fault?.Message}");
            rig.AssertOutputsOff();
            rig.Accept(new AcknowledgeFault());
        }
    }
}
