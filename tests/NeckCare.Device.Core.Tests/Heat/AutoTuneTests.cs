using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Heat;

public class AutoTuneTests
{
    [Fact]
    public void A_relay_auto_tune_of_the_pad_finds_gains_that_hold_both_targets_within_the_aims()
    {
        var plant = new MassagerPhysics();
        var tuner = new RelayAutoTuner(40, 1.0);
        var t = 0.0;
        while (!tuner.IsComplete && t < 1800)
        {
            plant.HeaterCommand = tuner.Update(plant.SampleC, TimeSpan.FromSeconds(t));
            plant.Run(0.1);
            t += 0.1;
        }

        Assert.True(tuner.IsComplete);
        var result = tuner.Result!;
        Assert.InRange(result.UltimatePeriodSeconds, 10, 120);
        Assert.InRange(result.AmplitudeC, 0.1, 1.0);
        foreach (var target in new[] { 38.0, 41.0 })
        {
            var pad = new MassagerPhysics();
            var pid = new PidController(result.Gains, 1.0);
            var peak = 0.0;
            for (var s = 0.0; s < 400; s += 0.1)
            {
                pad.HeaterCommand = pid.Update(target, pad.SampleC, 0.1);
                pad.Run(0.1);
                peak = Math.Max(peak, pad.SensorC);
            }

            Assert.True(peak - target <= 0.5, $"overshoot {peak - target:0.00} at {target}");
            Assert.InRange(pad.SensorC, target - 0.3, target + 0.3);
        }
    }

    [Fact]
    public void Auto_tune_runs_inside_a_heated_session_and_puts_the_gains_it_found_to_use()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        AutoTuneResult? reported = null;
        rig.Controller.AutoTuneCompleted += r => reported = r;

        rig.Accept(new StartAutoTune());
        Assert.Equal(AutoTuneState.Running, rig.Status.AutoTune.State);
        Assert.Equal(40.0, rig.Status.AutoTune.TargetC);
        rig.RunUntil(r => r.Status.AutoTune.State == AutoTuneState.Completed, TimeSpan.FromMinutes(10));

        Assert.NotNull(reported);
        Assert.Equal(reported.Gains, rig.Controller.Regulator.Gains);
        Assert.Equal(reported.Gains.Kp, rig.Status.AutoTune.Kp);
        Assert.Null(rig.Status.Fault);
        Assert.True(rig.Device.Physics.SensorC < rig.Heat.HighTargetC + 0.5);
    }

    [Fact]
    public void Auto_tune_is_refused_without_heat_and_abandoned_when_the_session_pauses()
    {
        var rig = Rig.Running(heat: HeatLevel.Off);
        Assert.Equal("no-heat", rig.Refuse(new StartAutoTune()).Code);

        rig.Accept(new SetHeat(HeatLevel.Low));
        rig.Accept(new StartAutoTune());
        rig.Run(TimeSpan.FromSeconds(5));
        rig.Accept(new PauseSession());

        Assert.Equal(AutoTuneState.Aborted, rig.Status.AutoTune.State);
        rig.AssertOutputsOff();
    }
}
