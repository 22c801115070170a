using System.Globalization;
using System.Text.Json;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// Keeps auto-tuned PID gains in a small JSON file in the state directory ({"Heat":{"Kp":…,"Ki":…,"Kd":…}}),
/// so an integrator tunes once and keeps the result. It is read as data, never as configuration: nothing
/// in it can override another setting. A file that cannot be read or holds gains out of range is set
/// aside under a dated name and the configured gains are used, with a warning in the log and the status.
/// Delete the file to return to the configured gains.
/// </summary>
internal sealed partial class TunedGainsStore(string path, ILogger<TunedGainsStore> logger, TimeProvider? time = null)
{
    public const string DefaultFileName = "tuned-gains.json";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Path { get; } = path;

    /// <summary>The save in progress or last done, so callers (and tests) can await it.</summary>
    public Task LastSave { get; private set; } = Task.CompletedTask;

    /// <summary>The saved gains, if any; a warning when a damaged file was set aside.</summary>
    public TunedGainsLoad Load()
    {
        if (!File.Exists(Path))
        {
            return new TunedGainsLoad(null, null);
        }

        string? problem;
        PidGains? gains = null;
        try
        {
            (gains, problem) = Parse(File.ReadAllText(Path));
        }
        catch (IOException ex)
        {
            problem = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            problem = ex.Message;
        }

        if (problem is null && gains is { } found)
        {
            LogLoaded(logger, Path, found.Kp, found.Ki, found.Kd);
            return new TunedGainsLoad(found, null);
        }

        var aside = SetAside();
        var warning = $"The saved auto-tune gains in {Path} could not be used ({problem ?? "no gains"}); " +
            (aside is null ? "the configured gains apply." : $"the file was moved to {aside} and the configured gains apply.");
        LogDamaged(logger, warning);
        return new TunedGainsLoad(null, warning);
    }

    /// <summary>Starts saving off the control loop; returns at once.</summary>
    public void Save(AutoTuneResult result) => LastSave = Task.Run(() => SaveAsync(result));

    public async Task SaveAsync(AutoTuneResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var gains = new PidGains(Math.Round(result.Gains.Kp, 4), Math.Round(result.Gains.Ki, 5), Math.Round(result.Gains.Kd, 3));
        if (HeatOptions.Problem(gains) is { } problem)
        {
            LogRefused(logger, Path, problem);
            return;
        }

        var doc = new Dictionary<string, Dictionary<string, double>>
        {
            ["Heat"] = new Dictionary<string, double> { ["Kp"] = gains.Kp, ["Ki"] = gains.Ki, ["Kd"] = gains.Kd },
        };
        var temp = Path + ".tmp";
        try
        {
            // Temp file, flushed to the disk, then renamed over the old one: pulled power leaves the old
            // file or the new one, never half of either.
            var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, doc, GainsJsonContext.Default.DictionaryStringDictionaryStringDouble).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
            LogSaved(logger, Path, gains.Kp, gains.Ki, gains.Kd);
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

    /// <summary>Reads the file's text: the gains, or why they cannot be used.</summary>
    internal static (PidGains? Gains, string? Problem) Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("Heat", out var heat)
                || heat.ValueKind != JsonValueKind.Object)
            {
                return (null, "it holds no \"Heat\" object");
            }

            double? Read(string name) =>
                heat.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

            if (Read("Kp") is not { } kp || Read("Ki") is not { } ki || Read("Kd") is not { } kd)
            {
                return (null, "Heat must hold the numbers Kp, Ki and Kd");
            }

            var gains = new PidGains(kp, ki, kd);
            return HeatOptions.Problem(gains) is { } problem ? (null, problem) : (gains, null);
        }
        catch (JsonException ex)
        {
            return (null, $"it is not valid JSON: {ex.Message}");
        }
    }

    private string? SetAside()
    {
        var aside = $"{Path}.damaged-{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
        try
        {
            File.Move(Path, aside, overwrite: true);
            return aside;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-tuned gains saved to {Path}: Kp={Kp}, Ki={Ki}, Kd={Kd}")]
    private static partial void LogSaved(ILogger logger, string path, double kp, double ki, double kd);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-tuned gains loaded from {Path}: Kp={Kp}, Ki={Ki}, Kd={Kd}")]
    private static partial void LogLoaded(ILogger logger, string path, double kp, double ki, double kd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogDamaged(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-tuned gains not saved to {Path}: {Problem}; they apply until restart")]
    private static partial void LogRefused(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save auto-tuned gains to {Path}; they apply until restart")]
    private static partial void LogFailed(ILogger logger, string path, Exception ex);

    internal static string Describe(PidGains g) =>
        string.Create(CultureInfo.InvariantCulture, $"Kp={g.Kp:0.###} Ki={g.Ki:0.####} Kd={g.Kd:0.###}");
}

/// <summary>What loading the saved gains found: the gains, or a warning saying why the configured ones apply.</summary>
internal sealed record TunedGainsLoad(PidGains? Gains, string? Warning);
