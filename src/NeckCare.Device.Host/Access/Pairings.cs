using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// The browsers that traded the pairing secret for a cookie. Only a hash of each cookie is kept (file
/// <c>pairings.json</c> in the state directory, owner-only), so a copy of the file pairs nobody; a
/// restart keeps phones paired; a pairing can be revoked alone or all at once.
/// </summary>
public sealed class Pairings
{
    public const string FileName = "pairings.json";

    /// <summary>Enough for a household's phones and laptops; the oldest goes when a new one would pass it.</summary>
    public const int MaxPairings = 32;

    private readonly object _gate = new();
    private readonly string? _path;
    private readonly List<Pairing> _pairings;

    private Pairings(string? path, List<Pairing> pairings, string? notice)
    {
        _path = path;
        _pairings = pairings;
        Notice = notice;
    }

    /// <summary>Something the integrator should know (a damaged pairings file was set aside).</summary>
    public string? Notice { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pairings.Count;
            }
        }
    }

    /// <summary>Pairings kept in memory only (tests, and a service without a writable state directory).</summary>
    public static Pairings InMemory() => new(null, [], null);

    public static Pairings Load(string stateDirectory, TimeProvider time)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return new Pairings(path, [], null);
        }

        try
        {
            var kept = JsonSerializer.Deserialize(File.ReadAllText(path), Control.StateJsonContext.Default.ListPairing) ?? [];
            if (kept.All(p => p.Hash is { Length: 64 }))
            {
                return new Pairings(path, kept, null);
            }
        }
        catch (JsonException)
        {
            // Set aside below, like any other damage.
        }

        var aside = $"{path}.damaged-{time.GetUtcNow():yyyyMMddHHmmss}";
        File.Move(path, aside, overwrite: true);
        return new Pairings(path, [],
            $"The pairings file was damaged and was set aside as {Path.GetFileName(aside)}; phones must pair again.");
    }

    /// <summary>Pairs a new browser; returns the cookie value it will present.</summary>
    public string Pair(string label, DateTimeOffset now)
    {
        var cookie = ApiCredential.Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            var before = _pairings.ToList();
            if (_pairings.Count >= MaxPairings)
            {
                _pairings.RemoveAt(0);
            }

            _pairings.Add(new Pairing(HashOf(cookie), Truncate(label), now));
            Save(before);
        }

        return cookie;
    }

    public bool IsPaired(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 100)
        {
            return false;
        }

        // A plain comparison of hashes is enough: a guess would have to find a SHA-256 preimage of a
        // 256-bit random cookie, so timing tells an attacker nothing useful.
        var hash = HashOf(cookie);
        lock (_gate)
        {
            return _pairings.Exists(p => p.Hash == hash);
        }
    }

    /// <summary>The label a browser was paired under (what the history names as who acknowledged), or null.</summary>
    public string? LabelOf(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 100)
        {
            return null;
        }

        var hash = HashOf(cookie);
        lock (_gate)
        {
            return _pairings.Find(p => p.Hash == hash)?.Label;
        }
    }

    /// <summary>Unpairs the browser holding <paramref name="cookie"/>; false if it was not paired.</summary>
    public bool Revoke(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        var hash = HashOf(cookie);
        lock (_gate)
        {
            var before = _pairings.ToList();
            var removed = _pairings.RemoveAll(p => p.Hash == hash) > 0;
            if (removed)
            {
                Save(before);
            }

            return removed;
        }
    }

    /// <summary>Unpairs every browser; returns how many were paired.</summary>
    public int RevokeAll()
    {
        lock (_gate)
        {
            var before = _pairings.ToList();
            _pairings.Clear();
            Save(before);
            var count = before.Count;
            return count;
        }
    }

    /// <summary>
    /// Saves the list as it now is; when the file cannot be written (a full or read-only card) the list
    /// goes back to <paramref name="before"/> and the error goes to the caller: nothing changed.
    /// </summary>
    private void Save(List<Pairing>? before = null)
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            OwnerOnlyFile.Write(_path, JsonSerializer.Serialize(_pairings, Control.StateJsonContext.Default.ListPairing));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && before is not null)
        {
            _pairings.Clear();
            _pairings.AddRange(before!);
            throw;
        }
    }

    private static string HashOf(string cookie) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cookie)));

    private static string Truncate(string label) => label.Length <= 120 ? label : label[..120];

    /// <summary>One paired browser: the hash of its cookie, what it said it was, and when.</summary>
    public sealed record Pairing(string Hash, string Label, DateTimeOffset PairedAt);
}
