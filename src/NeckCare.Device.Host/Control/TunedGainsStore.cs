using System.Globalization;
using System.Text.Json;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// Keeps auto-tuned PID gains in a small JSON file ({"Heat":{"Kp":…,"Ki":…,"Kd":…}}) that the host loads
/// as configuration at start-up, so an integrator tunes once and keeps the result. Delete the file to
/// return to the defaults.
/// </summary>
internal sealed partial class TunedGainsStore(string path, ILogger<TunedGainsStore> logger)
{
    public const string DefaultFileName = "tuned-gains.json";

    public string Path { get; } = path;

    /// <summary>The save in progress or last done, so callers (and tests) can await it.</summary>
    public Task LastSave { get; private set; } = Task.CompletedTask;

    /// <summary>Starts saving off the control loop; returns at once.</summary>
    public void Save(AutoTuneResult result) => LastSave = Task.Run(() => SaveAsync(result));

    public async Task SaveAsync(AutoTuneResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var doc = new Dictionary<string, object>
        {
            ["Heat"] = new Dictionary<string, double>
            {
                ["Kp"] = Math.Round(result.Gains.Kp, 4),
                ["Ki"] = Math.Round(result.Gains.Ki, 5),
                ["Kd"] = Math.Round(result.Gains.Kd, 3),
            },
        };
        var temp = Path + ".tmp";
        try
        {
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(doc, Indented)).ConfigureAwait(false);
            File.Move(temp, Path, overwrite: true); // atomic: a crash never leaves half a file
            LogSaved(logger, Path, result.Gains.Kp, result.Gains.Ki, result.Gains.Kd);
        }
        catch (IOException ex)
        {
            LogFailed(logger, Path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogFailed(logger, Path, ex);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-tuned gains saved to {Path}: Kp={Kp}, Ki={Ki}, Kd={Kd}")]
    private static partial void LogSaved(ILogger logger, string path, double kp, double ki, double kd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save auto-tuned gains to {Path}; they apply until restart")]
    private static partial void LogFailed(ILogger logger, string path, Exception ex);

    internal static string Describe(PidGains g) =>
        string.Create(CultureInfo.InvariantCulture, $"Kp={g.Kp:0.###} Ki={g.Ki:0.####} Kd={g.Kd:0.###}");
}
