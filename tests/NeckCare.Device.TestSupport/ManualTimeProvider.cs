using NeckCare.Device.Simulator.Timing;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// The tests' clock: simulated time that starts at a fixed instant, so every run sees the same dates, and
/// moves only when a test advances it. A 15-minute session runs in milliseconds and deterministically.
/// </summary>
public sealed class ManualTimeProvider : SimulatedTime
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    public ManualTimeProvider() : base(DefaultStart) { }

    public ManualTimeProvider(DateTimeOffset start) : base(start) { }

    private TimeSpan _wallJump;

    /// <summary>
    /// Moves the wall clock alone, as NTP does to a Pi without a real-time clock after boot: the
    /// monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) and every timer stay where they were.
    /// </summary>
    public void JumpWallClock(TimeSpan by) => _wallJump += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _wallJump;
}
