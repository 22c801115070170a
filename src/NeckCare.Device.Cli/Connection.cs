using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeckCare.Device.Cli;

/// <summary>
/// Where the controller is and the credential for it: the options, else NECKCARE_URL and NECKCARE_TOKEN,
/// else what `neckcare pair` saved (owner-only, in $XDG_CONFIG_HOME/neckcare or ~/.config/neckcare),
/// else http://localhost:5080 with no token.
/// </summary>
public sealed record Connection(Uri Address, string? Token)
{
    public const string DefaultAddress = "http://localhost:5080";

    public static string SavedPath =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "neckcare", "connection.json");

    public static Connection Resolve(string? url, string? token)
    {
        var saved = Load();
        var address = url ?? Environment.GetEnvironmentVariable("NECKCARE_URL") ?? saved?.Address.ToString() ?? DefaultAddress;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{address}' is not the controller's address: --url (or NECKCARE_URL) must be like http://neckcare.local:5080.");
        }

        return new Connection(uri, token ?? Environment.GetEnvironmentVariable("NECKCARE_TOKEN") ?? saved?.Token);
    }

    /// <summary>Parses a pairing link (<c>http://host:port/#pair=SECRET</c>).</summary>
    public static Connection? FromPairingLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var fragment = uri.Fragment.TrimStart('#');
        const string key = "pair=";
        return fragment.StartsWith(key, StringComparison.Ordinal) && fragment.Length > key.Length
            ? new Connection(new Uri(uri.GetLeftPart(UriPartial.Authority)), Uri.UnescapeDataString(fragment[key.Length..]))
            : null;
    }

    /// <summary>
    /// Written whole or not at all: the text is made first, then written beside the file and renamed over
    /// it, so a failure at any step leaves the previous file (or none), never an empty one.
    /// </summary>
    public void Save()
    {
        var path = SavedPath;
        var text = JsonSerializer.SerializeToUtf8Bytes(new Saved(Address.ToString(), Token), SavedJsonContext.Default.Saved);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var partial = path + ".new";
        try
        {
            using (var stream = new FileStream(partial, options))
            {
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public HttpClient CreateClient(Func<Uri, HttpClient>? connect)
    {
        // A token is letters, digits and a few symbols: anything else (a space, a line break pasted along)
        // cannot be sent in a header, and is said so before a request is made.
        if (Token is { } t && (t.Length == 0 || t.Any(c => c is <= ' ' or > '~')))
        {
            throw new UsageException("the token (--token, NECKCARE_TOKEN or the paired one) has characters a token cannot have; copy it again from the pairing link.");
        }

        var client = connect?.Invoke(Address) ?? new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = Token is null ? null : new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private static Connection? Load()
    {
        try
        {
            return File.Exists(SavedPath) && JsonSerializer.Deserialize(File.ReadAllText(SavedPath), SavedJsonContext.Default.Saved) is { Address: { } a } s
                ? new Connection(new Uri(a), s.Token)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UriFormatException)
        {
            return null; // a damaged file is as good as none: the options and environment still work
        }
    }

    internal sealed record Saved(string Address, string? Token);
}

/// <summary>The saved connection's JSON, generated (the CLI ships as Native AOT, which has no reflection).</summary>
[JsonSerializable(typeof(Connection.Saved))]
internal sealed partial class SavedJsonContext : JsonSerializerContext;
