using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>The jam stop at its exact boundaries: current strictly above 1.5 A for 200 ms; commanded ≥ 0.1 with rotation below 0.02 for 500 ms.</summary>
public class MotorGuardTests
{
    private static DeviceReadings Motor(double speed, double currentA) =>
        new(1, TimeSpan.Zero, 35, speed, currentA, 0, DeviceFaults.None);

    /// <summary>Feeds the same reading every 10 ms up to <paramref name="ms"/>; returns when it tripped, or null.</summary>
    private static int? TripTime(MotorGuard guard, DeviceReadings r, double commanded, int ms, int startMs = 0)
    {
        for (var t = startMs; t <= startMs + ms; t += 10)
        {
            if (guard.Check(r, commanded, TimeSpan.FromMilliseconds(t)) is { } trip)
            {
                return t - startMs;
            }
        }

        return null;
    }

    [Fact]
    public void Stall_current_trips_MotorJam_after_exactly_200_ms_and_not_before()
    {
        var guard = new MotorGuard(new SafetyOptions());

        Assert.Equal(200, TripTime(guard, Motor(0.5, 1.51), 0.5, 400));
        Assert.Equal(FaultCode.MotorJam, guard.Check(Motor(0.5, 1.51), 0.5, TimeSpan.FromMilliseconds(210))?.Code);
    }

    [Fact]
    public void Current_at_the_threshold_itself_is_not_a_stall()
    {
        var guard = new MotorGuard(new SafetyOptions());

        Assert.Null(TripTime(guard, Motor(0.5, 1.5), 0.5, 1000));
    }

    [Fact]
    public void A_dip_below_the_threshold_starts_the_200_ms_again()
    {
        var guard = new MotorGuard(new SafetyOptions());
        Assert.Null(TripTime(guard, Motor(0.5, 2.0), 0.5, 190));
        Assert.Null(guard.Check(Motor(0.5, 1.0), 0.5, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(200, TripTime(guard, Motor(0.5, 2.0), 0.5, 400, startMs: 210));
    }

    [Fact]
    public void Reset_forgets_a_stall_in_progress()
    {
        var guard = new MotorGuard(new SafetyOptions());
        Assert.Null(TripTime(guard, Motor(0.5, 2.0), 0.5, 150));

        guard.Reset();

        Assert.Null(guard.Check(Motor(0.5, 2.0), 0.5, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(200, TripTime(guard, Motor(0.5, 2.0), 0.5, 400, startMs: 200));
    }

    [Fact]
    public void A_commanded_speed_with_no_rotation_trips_MotorStalled_after_exactly_500_ms()
    {
        var guard = new MotorGuard(new SafetyOptions());

        Assert.Equal(500, TripTime(guard, Motor(0.019, 0.2), 0.1, 800));
        Assert.Equal(FaultCode.MotorStalled, guard.Check(Motor(0.019, 0.2), 0.1, TimeSpan.FromMilliseconds(510))?.Code);
    }

    [Theory]
    [InlineData(0.099, 0.0)]
    [InlineData(0.5, 0.02)]
    public void Below_the_commanded_minimum_or_at_the_rotation_threshold_it_is_not_a_stall(double commanded, double measured)
    {
        var guard = new MotorGuard(new SafetyOptions());

        Assert.Null(TripTime(guard, Motor(measured, 0.2), commanded, 2000));
    }

    [Fact]
    public void Rotation_resuming_starts_the_500_ms_again()
    {
        var guard = new MotorGuard(new SafetyOptions());
        Assert.Null(TripTime(guard, Motor(0, 0.2), 0.5, 490));
        Assert.Null(guard.Check(Motor(0.4, 0.3), 0.5, TimeSpan.FromMilliseconds(500)));

        Assert.Equal(500, TripTime(guard, Motor(0, 0.2), 0.5, 800, startMs: 510));
    }

    [Theory]
    [InlineData(FaultCode.MotorJam, 1.51, true)]
    [InlineData(FaultCode.MotorJam, 1.5, false)]
    [InlineData(FaultCode.MotorStalled, 3.0, false)]
    public void A_jam_is_still_present_only_while_the_current_stays_above_the_threshold(FaultCode code, double currentA, bool present)
    {
        var guard = new MotorGuard(new SafetyOptions());

        var why = guard.StillPresent(code, Motor(0, currentA));

        Assert.Equal(present, why is not null);
        if (present)
        {
            Assert.Contains("stall current", why, StringComparison.Ordinal);
        }
    }
}
