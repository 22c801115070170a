namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// The settings a one-shot verb (failsafe-off, backup, restore) reads: the same sources the service reads
/// (appsettings.json beside the program, the environment, the command line), without starting a host.
/// </summary>
internal static class VerbSettings
{
    public static IConfiguration Read(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args)
        .Build();
}
