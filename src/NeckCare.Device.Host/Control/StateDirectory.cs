using Microsoft.Extensions.Options;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Control;

/// <summary>The one directory the service writes to: Storage:StateDirectory, else $STATE_DIRECTORY, else the content root.</summary>
internal static class StateDirectory
{
    public static string Resolve(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<StorageOptions>>().Value.StateDirectory;
        // systemd may pass several directories separated by colons; the first is ours.
        var fromSystemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0];
        var dir = configured
            ?? (string.IsNullOrEmpty(fromSystemd) ? services.GetRequiredService<IHostEnvironment>().ContentRootPath : fromSystemd);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Null when the service can keep its state in its directory (<paramref name="dir"/>); otherwise the sentence that stops
    /// it at start-up (exit 2). The credential, pairings and history live there: a service that cannot
    /// write them would lose each one silently, or crash the first time it tried.
    /// </summary>
    public static string? Unwritable(IServiceProvider services, out string dir)
    {
        dir = services.GetRequiredService<IOptions<StorageOptions>>().Value.StateDirectory ?? "the state directory";
        try
        {
            dir = Resolve(services);
            var probe = Path.Combine(dir, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (NeckCare.Device.History.StorageFault.Kind(ex) is { } kind)
        {
            return $"Storage:StateDirectory ({dir}) cannot be written: {NeckCare.Device.History.StorageFault.Describe(kind)} ({ex.Message}). "
                + "The service keeps its credential, pairings and history there; make it writable for the service's user, or point Storage:StateDirectory at a folder that is.";
        }
    }
}
