using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Bench;

/// <summary>
/// More SIGKILL cycles than the test command runs (KillTests: 50), with another seed: the real service
/// killed at random moments during sessions, stops and fault recordings, restarted on the same file
/// every time. Reports how many cycles ran, what survived, and the file's state at the end.
/// </summary>
internal static class DurabilityBench
{
    public const int Cycles = 200;

    public static IEnumerable<Figure> Run()
    {
        var state = Directory.CreateTempSubdirectory("neckcare-bench-kill-").FullName;
        try
        {
            var report = KillCycles.RunAsync(ServiceProcess.HostExecutable() + ".dll", state, Cycles, seed: 424242).GetAwaiter().GetResult();
            return
            [
                new("durability.kill_cycles", report.Cycles, "cycles", $"SIGKILL at random moments; {report.Sessions} sessions and {report.Faults} fault recordings reported before a kill, none lost; {report.Took.TotalSeconds:0} s"),
                new("durability.integrity_ok", report.Integrity == "ok" ? 1 : 0, "bool", $"PRAGMA integrity_check: {report.Integrity}"),
                new("durability.cut_sessions_found", report.CutByKill.Values.Sum(), "sessions",
                    $"sessions a kill cut (mid-session, or 0–200 ms after a Stop answered), each found after the restart: {string.Join(", ", report.CutByKill.Select(kv => $"{kv.Value} {kv.Key}"))}; lost: 0"),
                new("durability.half_written", report.HalfWrittenSessions + report.HalfWrittenFaults, "records", "rows with a missing end, bad JSON or a recording that stops before the end of its 10 s after the fault"),
            ];
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
