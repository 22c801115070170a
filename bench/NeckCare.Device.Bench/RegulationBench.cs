using System.Globalization;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Bench;

/// <summary>
/// Heat regulation quality on the simulated pad: a step from 30 °C to each target, then a 10-minute
/// hold during which the pad is lifted off the neck (minutes 3–5) and put back. The default PID and a
/// bang-bang controller with 1 °C hysteresis (what cheap heating pads do) run the same scenario with
/// the same sensor noise. Figures are on the sensor's true temperature; the peak is the pad's.
/// </summary>
internal static class RegulationBench
{
    private const double Dt = 0.1;
    private const double TripC = 44.0;

    public static IEnumerable<Figure> Run()
    {
        var gains = new HeatOptions().Gains;
        foreach (var target in new[] { 38.0, 41.0 })
        {
            var pid = new PidController(gains, 1.0);
            var bang = new BangBangController(1.0, 1.0);
            var p = Simulate(target, c => pid.Update(target, c, Dt));
            var b = Simulate(target, c => bang.Update(target, c));
            var t = target.ToString("0", CultureInfo.InvariantCulture);
            yield return new Figure($"regulation.{t}C.pid.overshoot", p.Overshoot, "°C", $"bang-bang {b.Overshoot:0.00} °C; aim ≤ 0.5");
            yield return new Figure($"regulation.{t}C.pid.settle", p.SettleSeconds, "s", $"bang-bang {b.SettleSeconds:0} s (to within 0.5 °C)");
            yield return new Figure($"regulation.{t}C.pid.band", p.Band, "±°C", $"bang-bang ±{b.Band:0.00} °C; aim ±0.3 (hold incl. lift-off)");
            yield return new Figure($"regulation.{t}C.pid.band_on_neck", p.BandOnNeck, "±°C", $"bang-bang ±{b.BandOnNeck:0.00} °C (hold, pad on the neck)");
            yield return new Figure($"regulation.{t}C.pid.peak_pad", p.PeakPad, "°C", $"bang-bang {b.PeakPad:0.00} °C; trip {TripC:0} °C, aim ≤ {TripC - 1:0}");
            yield return new Figure($"regulation.{t}C.pid.above_target_plus_1", p.SecondsAbovePlus1, "s", $"bang-bang {b.SecondsAbovePlus1:0.0} s");
        }
    }

    private sealed record Outcome(double Overshoot, double SettleSeconds, double Band, double BandOnNeck, double PeakPad, double SecondsAbovePlus1);

    private static Outcome Simulate(double target, Func<double, double> controller)
    {
        var pad = new MassagerPhysics();
        double peakSensor = 0, peakPad = 0, settle = double.NaN, band = 0, bandOnNeck = 0, above = 0;
        var holdStart = double.NaN;
        for (var t = 0.0; ; t += Dt)
        {
            pad.HeaterCommand = controller(pad.SampleC);
            pad.Run(Dt);
            var c = pad.SensorC;
            peakSensor = Math.Max(peakSensor, c);
            peakPad = Math.Max(peakPad, pad.PadC);
            above += c > target + 1 ? Dt : 0;
            if (double.IsNaN(settle) && Math.Abs(c - target) <= 0.5)
            {
                settle = t;
            }

            // The hold starts once the step has settled (or after 5 minutes, whichever first).
            if (double.IsNaN(holdStart) && (!double.IsNaN(settle) && t - settle > 60 || t > 300))
            {
                holdStart = t;
            }

            if (!double.IsNaN(holdStart))
            {
                var h = t - holdStart;
                var lifted = h is >= 180 and < 300;
                pad.Faults = lifted ? SimulatedFault.LiftedOff : SimulatedFault.None;
                band = Math.Max(band, Math.Abs(c - target));
                if (!lifted && h is < 180 or >= 420)
                {
                    bandOnNeck = Math.Max(bandOnNeck, Math.Abs(c - target));
                }

                if (h >= 600)
                {
                    return new Outcome(Math.Max(0, peakSensor - target), settle, band, bandOnNeck, peakPad, above);
                }
            }
        }
    }
}
