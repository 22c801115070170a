using System.Text;

namespace NeckCare.Device.Conformance;

/// <summary>The result as a Markdown table, readable in a terminal and pasteable into a report.</summary>
public static class ConformanceTable
{
    public static string Render(IReadOnlyList<CheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("| Check | Result | Rule | Seen |");
        text.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            var outcome = r.Outcome switch { Outcome.Pass => "PASS", Outcome.Fail => "FAIL", _ => "not run" };
            text.AppendLine($"| {r.Check} | {outcome} | {r.Rule} | {r.Detail} |");
        }

        var failed = results.Count(r => r.Outcome == Outcome.Fail);
        text.AppendLine();
        text.AppendLine(failed == 0
            ? $"{results.Count(r => r.Outcome == Outcome.Pass)} passed, {results.Count(r => r.Outcome == Outcome.NotRun)} not run: conformant."
            : $"{failed} of {results.Count} checks FAILED.");
        return text.ToString();
    }
}
