using System.Globalization;
using System.Runtime.InteropServices;
using NeckCare.Device.Bench;

// One command runs every benchmark and prints one table; the same figures go to a file as
// "name value unit" lines so versions can be compared.
// Usage: [--only <suite>[,<suite>…]] [--out <file>] [--runs N] [--pi-minutes M] [--env KEY=VALUE]... [--host PATH] [--aot]
var only = Arg("--only");
var outPath = Arg("--out") ?? Path.Combine(Environment.CurrentDirectory, "bench-results", "latest.txt");
if (Arg("--runs") is { } runs)
{
    FootprintBench.Runs = int.Parse(runs, CultureInfo.InvariantCulture);
}

ServiceProcess.HostOverride = Arg("--host");
if (args.Contains("--aot"))
{
    AotBuilds.Use(); // footprint: the AOT service beside the AOT empty app, and the JIT service as a third column
}
if (Arg("--pi-minutes") is { } minutes)
{
    PiShapedBench.SessionMinutes = int.Parse(minutes, CultureInfo.InvariantCulture);
}

// `--env KEY=VALUE` (repeatable) reaches every process the bench starts: what one runtime setting buys.
for (var i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var key, var value])
    {
        ServiceProcess.ExtraEnvironment.Add((key, value));
    }
}

var suites = new (string Name, Func<IEnumerable<Figure>> Run)[]
{
    ("session", SessionSpeedBench.Run),
    ("regulation", RegulationBench.Run),
    ("protocol", ProtocolBench.Run),
    ("codec", CodecBenchmarks.Run),
    ("latency", ApiLatencyBench.Run),
    ("events", EventStreamBench.Run),
    ("mqtt", MqttBench.Run),
    ("footprint", FootprintBench.Run),
    ("pi", PiShapedBench.Run),
    ("history", HistoryBench.Run),
    ("durability", DurabilityBench.Run),
    ("mutation", MutationScoreFigure.Run),
};

var figures = new List<Figure>();
var chosen = only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
foreach (var (name, run) in suites.Where(s => chosen is null || chosen.Contains(s.Name)))
{
    Console.Error.WriteLine($"running {name}…");
    figures.AddRange(run());
}

var w1 = Math.Max(6, figures.Max(f => f.Name.Length));
var w2 = Math.Max(5, figures.Max(f => f.ValueText.Length));
var w3 = Math.Max(4, figures.Max(f => f.Unit.Length));
Console.WriteLine($"NeckCare.Device benchmarks — {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"| {"figure".PadRight(w1)} | {"value".PadLeft(w2)} | {"unit".PadRight(w3)} | compared with |");
Console.WriteLine($"|{new string('-', w1 + 2)}|{new string('-', w2 + 2)}|{new string('-', w3 + 2)}|---------------|");
foreach (var f in figures)
{
    Console.WriteLine($"| {f.Name.PadRight(w1)} | {f.ValueText.PadLeft(w2)} | {f.Unit.PadRight(w3)} | {f.ComparedWith} |");
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
await File.WriteAllLinesAsync(outPath, figures.Select(f =>
    string.Create(CultureInfo.InvariantCulture, $"{f.Name} {(f.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "pending")} {f.Unit.Replace(' ', '_')}")));
Console.WriteLine($"figures written to {Path.GetFullPath(outPath)}");

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
