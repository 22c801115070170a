using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// "NeckCare.Device.Host backup FILE" and "restore FILE": the state directory in one archive and back
/// (<see cref="StateBackup"/>), with the service stopped. The directory is the service's: Storage:StateDirectory
/// (appsettings.json beside it, the environment, --Storage:StateDirectory=…), else $STATE_DIRECTORY, else
/// /var/lib/neckcare where it exists, else the current directory. Exit 0 done, 2 refused (nothing changed).
/// </summary>
internal static class BackupCommand
{
    public static bool Handles(string[] args) => args is ["backup" or "restore", ..];

    public static int Run(string[] args)
    {
        if (args is not [var verb, var file, .. var rest] || file.StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: NeckCare.Device.Host backup FILE | restore FILE [--Storage:StateDirectory=DIR]");
            return 2;
        }

        var configuration = VerbSettings.Read(rest);
        var state = configuration["Storage:StateDirectory"]
            ?? (Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0] is { Length: > 0 } systemd ? systemd : null)
            ?? (Directory.Exists("/var/lib/neckcare") ? "/var/lib/neckcare" : Directory.GetCurrentDirectory());
        try
        {
            var refused = verb == "backup" ? StateBackup.Create(state, file) : StateBackup.Restore(file, state);
            if (refused is not null)
            {
                Console.Error.WriteLine($"{verb}: {refused}");
                return 2;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{verb}: {ex.Message}");
            return 2;
        }

        Console.WriteLine(verb == "backup" ? $"backup: the state in {state} is in {file}" : $"restore: {file} restored into {state}");
        return 0;
    }
}
