using System.Globalization;

namespace NeckCare.Device.Bench;

/// <summary>
/// A control group shaped like a Pi Zero 2 W's share for the service: a memory limit and a CPU quota.
/// cgroup v2 where the unified hierarchy has the memory and cpu controllers, else the v1 memory and cpu
/// hierarchies (as in this container); systemd-run is not used because it needs a running systemd. A
/// process joins by writing its PID to every <see cref="ProcsFiles"/> before it execs the service.
/// </summary>
internal sealed class PiCgroup : IDisposable
{
    private readonly List<string> _directories;

    private PiCgroup(List<string> directories, List<string> procs, string kind)
    {
        _directories = directories;
        ProcsFiles = procs;
        Kind = kind;
    }

    public IReadOnlyList<string> ProcsFiles { get; }

    public string Kind { get; }

    /// <returns>The group, or why there cannot be one here.</returns>
    public static (PiCgroup? Group, string? Why) TryCreate(long memoryBytes, double cores)
    {
        var name = "neckcare-pi-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var quota = (long)(cores * 100_000);
        try
        {
            if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            {
                var root = "/sys/fs/cgroup";
                File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "+memory +cpu");
                var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
                File.WriteAllText(Path.Combine(dir, "memory.max"), memoryBytes.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(dir, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(dir, "cpu.max"), $"{quota} 100000");
                return (new PiCgroup([dir], [Path.Combine(dir, "cgroup.procs")], "cgroup v2"), null);
            }

            if (Directory.Exists("/sys/fs/cgroup/memory") && Directory.Exists("/sys/fs/cgroup/cpu"))
            {
                var memory = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup/memory", name)).FullName;
                var cpu = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup/cpu", name)).FullName;
                var group = new PiCgroup([memory, cpu], [Path.Combine(memory, "cgroup.procs"), Path.Combine(cpu, "cgroup.procs")], "cgroup v1");
                File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), memoryBytes.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(cpu, "cpu.cfs_period_us"), "100000");
                File.WriteAllText(Path.Combine(cpu, "cpu.cfs_quota_us"), quota.ToString(CultureInfo.InvariantCulture));
                return (group, null);
            }

            return (null, "no cgroup v2 memory/cpu controllers and no v1 memory/cpu hierarchies under /sys/fs/cgroup");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot set up a cgroup here ({ex.Message}); run the bench as root, or on a machine with a delegated cgroup");
        }
    }

    /// <summary>A shell that moves itself into the group and then becomes the service (its PID stays the one measured).</summary>
    public IReadOnlyList<string> Wrapper() =>
        ["/bin/sh", "-c", string.Concat(ProcsFiles.Select(p => $"echo $$ > '{p}' && ")) + "exec \"$0\" \"$@\""];

    /// <summary>The group's peak memory use, in MB.</summary>
    public double PeakMegabytes() => ReadFirst(["memory.peak", "memory.max_usage_in_bytes"]) / 1024 / 1024;

    /// <summary>Scheduling periods in which the group used up its quota and was held back.</summary>
    public double ThrottledPeriods()
    {
        foreach (var dir in _directories)
        {
            var stat = Path.Combine(dir, "cpu.stat");
            if (File.Exists(stat))
            {
                var line = File.ReadLines(stat).FirstOrDefault(l => l.StartsWith("nr_throttled ", StringComparison.Ordinal));
                if (line is not null)
                {
                    return double.Parse(line["nr_throttled ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }

        return double.NaN;
    }

    public void Dispose()
    {
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir); // a cgroup directory goes with rmdir once its processes have left
            }
            catch (IOException)
            {
                // still emptying; the kernel removes nothing else, so a later run uses a new name
            }
        }
    }

    private double ReadFirst(string[] files)
    {
        foreach (var dir in _directories)
        {
            foreach (var f in files)
            {
                var path = Path.Combine(dir, f);
                if (File.Exists(path))
                {
                    return double.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }

        return double.NaN;
    }
}
