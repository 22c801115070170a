namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// Seed 001's pressure technique after an ease-off: back up one level at a time, spread evenly over
/// the configured 60–90 s, to one level below the point of pain, and hold there. A schedule only: the
/// session table decides when a step may be taken and what cancels it.
/// </summary>
internal sealed class GuidedRelease
{
    private TimeSpan _nextStepAt;
    private TimeSpan _interval;

    public bool Active { get; private set; }

    /// <summary>The level the release climbs to (one below the ceiling).</summary>
    public int TargetLevel { get; private set; }

    public TimeSpan NextStepAt => _nextStepAt;

    public void Begin(int fromLevel, int targetLevel, TimeSpan totalTime, TimeSpan now)
    {
        var steps = targetLevel - fromLevel;
        if (steps <= 0)
        {
            Cancel();
            return;
        }

        Active = true;
        TargetLevel = targetLevel;
        _interval = totalTime / steps;
        _nextStepAt = now + _interval;
    }

    public bool IsDue(TimeSpan now) => Active && now >= _nextStepAt;

    /// <summary>Records that a step was taken to <paramref name="level"/>; ends the release at its target.</summary>
    public void Stepped(int level, TimeSpan now)
    {
        if (level >= TargetLevel)
        {
            Active = false;
            return;
        }

        _nextStepAt = now + _interval;
    }

    public void Cancel() => Active = false;
}
