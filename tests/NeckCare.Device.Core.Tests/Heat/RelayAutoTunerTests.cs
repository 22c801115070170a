using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Tests.Heat;

/// <summary>The relay auto-tune fed a made-up oscillation whose peaks and period are known.</summary>
public class RelayAutoTunerTests
{
    // Target 40 °C, hysteresis 0.2: the relay switches off at 40.2 and on at 39.8.
    // Each entry: (seconds, temperature). Highs 41, 41.5, 42 and lows 39, 38.5, 38.
    private static readonly (double T, double C)[] Oscillation =
    [
        (0, 30), (5, 35), (10, 40.2), // first rise: its minimum is no peak
        (12, 41), (20, 39.8),         // on at 20
        (22, 39), (30, 40.2),
        (32, 41.5), (40, 39.8),       // on at 40
        (42, 38.5), (50, 40.2),
        (52, 42), (64, 39.8),         // on at 64
        (66, 38), (70, 40.2),
        (72, 42.5), (80, 39.8),       // on at 80
        (82, 37.5), (90, 40.2),
    ];

    private static RelayAutoTuner Feed(int peaksNeeded, List<double>? duties = null)
    {
        var tuner = new RelayAutoTuner(40, 0.8, hysteresisC: 0.2, peaksNeeded: peaksNeeded);
        foreach (var (t, c) in Oscillation)
        {
            var duty = tuner.Update(c, TimeSpan.FromSeconds(t));
            duties?.Add(duty);
            if (tuner.IsComplete)
            {
                break;
            }
        }

        return tuner;
    }

    [Fact]
    public void The_relay_heats_fully_below_the_upper_switch_point_and_not_at_all_until_the_lower_one()
    {
        var duties = new List<double>();

        Feed(peaksNeeded: 40, duties);

        Assert.Equal([0.8, 0.8, 0, 0, 0.8, 0.8, 0], duties.Take(7));
    }

    [Fact]
    public void With_six_peaks_it_measures_the_amplitude_and_period_after_the_first_cycle()
    {
        var tuner = Feed(peaksNeeded: 6);

        Assert.True(tuner.IsComplete);
        Assert.Equal(6, tuner.PeaksSeen);
        var result = tuner.Result!;
        Assert.Equal(1.75, result.AmplitudeC, 12);          // median of (41.5−38.5)/2 and (42−38)/2
        Assert.Equal(24, result.UltimatePeriodSeconds, 12); // 64 − 40; 40 − 20 is the first cycle, skipped
        var ku = 4 * 0.4 / (Math.PI * 1.75);
        Assert.Equal(ku, result.UltimateGain, 12);
        Assert.Equal(0.6 * ku, result.Gains.Kp, 12);
        Assert.Equal(0.6 * ku / 12, result.Gains.Ki, 12);
        Assert.Equal(0.6 * ku * 3, result.Gains.Kd, 12);
    }

    [Fact]
    public void With_eight_peaks_the_medians_are_the_middle_values()
    {
        var tuner = Feed(peaksNeeded: 8);

        var result = tuner.Result!;
        Assert.Equal(2, result.AmplitudeC, 12);              // median of 1.5, 2, 2.5
        Assert.Equal(20, result.UltimatePeriodSeconds, 12);  // median of 24 and 16
    }

    [Fact]
    public void Once_complete_it_heats_no_more()
    {
        var duties = new List<double>();
        var tuner = Feed(peaksNeeded: 6, duties);

        Assert.Equal(0, duties[^1]);
        Assert.Equal(0, tuner.Update(20, TimeSpan.FromSeconds(100)));
        Assert.Equal(6, tuner.PeaksSeen);
    }

    [Fact]
    public void A_reading_that_is_not_a_number_heats_nothing_and_is_not_a_peak()
    {
        var tuner = new RelayAutoTuner(40, 1.0, peaksNeeded: 6);
        tuner.Update(30, TimeSpan.Zero);

        Assert.Equal(0, tuner.Update(double.NaN, TimeSpan.FromSeconds(1)));
        Assert.Equal(1.0, tuner.Update(31, TimeSpan.FromSeconds(2)));
        Assert.Equal(0, tuner.PeaksSeen);
    }

    [Fact]
    public void It_refuses_a_target_above_the_hard_limit_and_fewer_than_six_peaks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelayAutoTuner(HeatOptions.HardMaxTargetC + 0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelayAutoTuner(40, 1, peaksNeeded: 5));
        var tuner = new RelayAutoTuner(HeatOptions.HardMaxTargetC, 1, peaksNeeded: 6);
        Assert.Equal(HeatOptions.HardMaxTargetC, tuner.TargetC);
        Assert.Equal(6, tuner.PeaksNeeded);
        Assert.False(tuner.IsComplete);
    }
}
