using System.Security.Cryptography;
using System.Text;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// The secret the API is locked with: the configured <c>Api:Token</c>, else the one kept in the state
/// directory, else a new one generated on first start and kept there owner-only. Compared in constant
/// time, so response timing tells a guesser nothing.
/// </summary>
public sealed class ApiCredential
{
    public const int MinLength = 20;
    /// <summary>Besides ASCII letters and digits (base64 and base64url both fit).</summary>
    public const string AllowedSymbols = "._~+/=-";
    public const string FileName = "api-token";

    private readonly byte[] _hash;

    private ApiCredential(string secret, bool generated, string? notice)
    {
        Secret = secret;
        Generated = generated;
        Notice = notice;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The secret itself: only for the pairing link printed on first start.</summary>
    internal string Secret { get; }

    /// <summary>True when this start generated the secret (so the pairing link is printed now, once).</summary>
    public bool Generated { get; }

    /// <summary>Something the integrator should know (a damaged token file was set aside).</summary>
    public string? Notice { get; }

    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _hash);

    /// <summary>What a token set by hand must carry at least, by <see cref="EstimatedBits"/>.</summary>
    public const double MinimumBits = 128;

    /// <summary>
    /// A cautious estimate of a token's entropy: its length times the smaller of the bits per character
    /// its alphabet allows (the classes it uses: lower case, upper case, digits, symbols) and the bits per
    /// character its own letter frequencies show. A generated token (43 random base64url characters)
    /// scores about 210; "openssl rand -base64 32" about 220; a word repeated or a short phrase far less.
    /// </summary>
    public static double EstimatedBits(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            return 0;
        }

        var pool = (token.Any(char.IsAsciiLetterLower) ? 26 : 0) + (token.Any(char.IsAsciiLetterUpper) ? 26 : 0)
            + (token.Any(char.IsAsciiDigit) ? 10 : 0) + token.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().Count();
        var observed = token.GroupBy(c => c).Sum(g =>
        {
            var p = (double)g.Count() / token.Length;
            return -p * Math.Log2(p);
        });
        return token.Length * Math.Min(Math.Log2(Math.Max(pool, 1)), observed);
    }

    public static bool IsWellFormed(string? secret) =>
        secret is { Length: >= MinLength } && HasAllowedCharactersOnly(secret);

    /// <summary>
    /// A loop, not a regular expression: a regex here (and the options validator's, built at every start)
    /// costs parsing and JIT time for a check this small.
    /// </summary>
    public static bool HasAllowedCharactersOnly(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || AllowedSymbols.Contains(c, StringComparison.Ordinal));

    /// <summary>The configured token, or the kept one, or a new one written owner-only to <paramref name="stateDirectory"/>.</summary>
    public static ApiCredential Load(string? configured, string stateDirectory, TimeProvider time)
    {
        if (configured is not null)
        {
            return new ApiCredential(configured, generated: false, notice: null);
        }

        var path = Path.Combine(stateDirectory, FileName);
        string? notice = null;
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (IsWellFormed(kept))
            {
                return new ApiCredential(kept, generated: false, notice: null);
            }

            // Never start with a secret nobody chose (an empty or truncated file): set it aside, make a new one.
            var aside = $"{path}.damaged-{time.GetUtcNow():yyyyMMddHHmmss}";
            File.Move(path, aside, overwrite: true);
            notice = $"The API token file was damaged and was set aside as {Path.GetFileName(aside)}; a new token was generated, so phones must pair again.";
        }

        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        OwnerOnlyFile.Write(path, secret + "\n");
        return new ApiCredential(secret, generated: true, notice);
    }

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
