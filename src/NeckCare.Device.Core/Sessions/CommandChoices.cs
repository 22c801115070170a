using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// Asks the session table, without acting, what each user command would be answered now, so the status
/// can tell clients what to offer. Every answer comes from <see cref="Session.Judge"/>: the same rows and
/// guards that judge the command itself, never a rule of this class's own.
/// </summary>
internal static class CommandChoices
{
    private static readonly HeatLevel[] HeatLevels = Enum.GetValues<HeatLevel>();

    public static SessionCommands Of(Session s) => new(
        Start(s),
        From(s.Judge(new StopSession())),
        From(s.Judge(new RaiseIntensity())),
        From(s.Judge(new LowerIntensity())),
        SetLevel(s),
        From(s.Judge(new EaseOff())),
        From(s.Judge(new ClearCeiling())),
        SetHeat(s),
        From(s.Judge(new PauseSession())),
        From(s.Judge(new ResumeSession())),
        Extend(s),
        From(s.Judge(new AcknowledgeFault())),
        From(s.Judge(new StartAutoTune())),
        From(s.Judge(new CancelAutoTune())));

    /// <summary>A start as the page and a bare POST send it: with the person's saved defaults.</summary>
    private static CommandAvailability Start(Session s)
    {
        var limits = s.Limits;
        var answer = From(s.Judge(new StartSession(limits.DefaultMinutes, limits.DefaultHeat, limits.GuidedRelease)));
        if (!answer.Allowed)
        {
            return answer;
        }

        var minutes = Accepted(SessionLimits.MinMinutes, SessionLimits.MaxMinutes,
            m => s.Judge(new StartSession(m, limits.DefaultHeat, limits.GuidedRelease)));
        return answer with
        {
            Minutes = minutes,
            Heat = [.. HeatLevels.Where(h => s.Judge(new StartSession(limits.DefaultMinutes, h, limits.GuidedRelease)).IsAccepted)],
        };
    }

    private static CommandAvailability SetLevel(Session s)
    {
        var levels = Accepted(SessionLimits.MinLevel, s.MaxLevel, l => s.Judge(new SetIntensity(l)));
        return levels is null
            ? From(s.Judge(new SetIntensity(Math.Max(s.Level, SessionLimits.MinLevel))))
            : new CommandAvailability(true, null, null) { Levels = levels };
    }

    private static CommandAvailability SetHeat(Session s)
    {
        HeatLevel[] heats = [.. HeatLevels.Where(h => s.Judge(new SetHeat(h)).IsAccepted)];
        return heats.Length == 0
            ? From(s.Judge(new SetHeat(s.Heat)))
            : new CommandAvailability(true, null, null) { Heat = heats };
    }

    private static CommandAvailability Extend(Session s)
    {
        var minutes = Accepted(1, SessionLimits.MaxMinutes, m => s.Judge(new ExtendSession(m)));
        return minutes is null
            ? From(s.Judge(new ExtendSession(1)))
            : new CommandAvailability(true, null, null) { Minutes = minutes };
    }

    /// <summary>The accepted values between <paramref name="low"/> and <paramref name="high"/>, as one range (the table's ranges have no holes); null when none is.</summary>
    private static ValueRange? Accepted(int low, int high, Func<int, CommandResult> judge)
    {
        int? min = null, max = null;
        for (var v = low; v <= high; v++)
        {
            if (judge(v).IsAccepted)
            {
                min ??= v;
                max = v;
            }
        }

        return min is { } a && max is { } b ? new ValueRange(a, b) : null;
    }

    private static CommandAvailability From(CommandResult result) =>
        result.Refusal is { } r ? new CommandAvailability(false, r.Code, r.Message) : new CommandAvailability(true, null, null);
}
