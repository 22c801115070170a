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
}
