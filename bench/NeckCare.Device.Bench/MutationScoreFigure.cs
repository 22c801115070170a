using System.Text.Json;

namespace NeckCare.Device.Bench;

/// <summary>
/// The mutation score of the domain core, read from the newest Stryker report (mutation/StrykerOutput),
/// so it sits in the figures file beside the other figures and can be compared between versions.
/// Running Stryker itself takes tens of minutes; this only reads its result (docs/mutation-testing.md).
/// </summary>
internal static class MutationScoreFigure
{
    public static IEnumerable<Figure> Run()
    {
        var report = FindNewestReport();
        if (report is null)
        {
            yield return Figure.Pending("mutation.core.score", "%", "no report; run `cd mutation && dotnet stryker` first");
            yield break;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        var counts = new Dictionary<string, int>();
        foreach (var file in doc.RootElement.GetProperty("files").EnumerateObject())
        {
            foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
            {
                var status = mutant.GetProperty("status").GetString() ?? "?";
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
        }

        var detected = counts.GetValueOrDefault("Killed") + counts.GetValueOrDefault("Timeout");
        var undetected = counts.GetValueOrDefault("Survived") + counts.GetValueOrDefault("NoCoverage");
        var score = detected + undetected == 0 ? 0 : 100.0 * detected / (detected + undetected);
        yield return new Figure("mutation.core.score", score, "%",
            $"target ≥ 90; {detected} killed or timed out, {counts.GetValueOrDefault("Survived")} survived, {counts.GetValueOrDefault("NoCoverage")} not covered; {Path.GetRelativePath(Environment.CurrentDirectory, report)}");
    }

    private static string? FindNewestReport()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var output = Path.Combine(dir.FullName, "mutation", "StrykerOutput");
            if (Directory.Exists(output))
            {
                return Directory.EnumerateFiles(output, "mutation-report.json", SearchOption.AllDirectories)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
            }
        }

        return null;
    }
}
