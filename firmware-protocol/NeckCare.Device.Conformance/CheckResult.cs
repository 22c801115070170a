namespace NeckCare.Device.Conformance;

public enum Outcome
{
    Pass,
    Fail,
    NotRun,
}

/// <summary>One line of the conformance table.</summary>
/// <param name="Check">Short name.</param>
/// <param name="Rule">The rule of PROTOCOL.md it checks, with its section.</param>
/// <param name="Outcome">Pass, fail, or not run (and why, in <paramref name="Detail"/>).</param>
/// <param name="Detail">What was seen.</param>
public sealed record CheckResult(string Check, string Rule, Outcome Outcome, string Detail);
