using System.Diagnostics;

namespace NeckCare.Device.Bench;

/// <summary>
/// `--aot`: the footprint suite measures the service as it ships (Native AOT, deploy/release.sh) beside
/// the empty app published the same way, and the JIT service as a third column. Both AOT programs are
/// published here first (deploy/publish-aot.sh, linux-x64: a few minutes on two cores).
/// </summary>
internal static class AotBuilds
{
    /// <summary>The JIT build of the service, measured beside the AOT pair; null unless `--aot`.</summary>
    public static string? JitHost { get; private set; }

    public static bool On => JitHost is not null;

    public static void Use()
    {
        var root = ServiceProcess.RepositoryRoot;
        var output = Path.Combine(root, "artifacts", "bench-aot");
        JitHost = ServiceProcess.HostExecutable();
        Publish(root, "src/NeckCare.Device.Host", Path.Combine(output, "host"));
        Publish(root, "bench/NeckCare.Device.EmptyApp", Path.Combine(output, "empty"));
        ServiceProcess.HostOverride = Path.Combine(output, "host", "NeckCare.Device.Host");
        ServiceProcess.EmptyOverride = Path.Combine(output, "empty", "NeckCare.Device.EmptyApp");
    }

    private static void Publish(string root, string project, string output)
    {
        Console.Error.WriteLine($"publishing {project} as Native AOT…");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root };
        foreach (var a in new[] { "deploy/publish-aot.sh", project, "linux-x64", output })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing {project} as Native AOT failed ({process.ExitCode})");
        }
    }
}
