using Microsoft.Extensions.Options;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// Listening beyond loopback must be asked for (<c>Api:ListenBeyondLoopback</c>), and <c>AllowedHosts</c>
/// may never be <c>*</c>: with it, a web page can reach the controller through DNS rebinding.
/// </summary>
internal sealed class ListenAddressValidator(IConfiguration configuration) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var problems = new List<string>();
        var allowed = configuration["AllowedHosts"];
        // Unset is fine: Program fills in the loopback names (AccessDefaults).
        if (allowed is not null && allowed.Split(';').Any(h => h.Trim() == "*"))
        {
            problems.Add("AllowedHosts must name the host names the controller answers to (as \"localhost;127.0.0.1;[::1]\" does), never \"*\": a web page could otherwise reach it through DNS rebinding.");
        }

        if (!options.ListenBeyondLoopback)
        {
            foreach (var url in ListenUrls())
            {
                if (!IsLoopback(url))
                {
                    problems.Add($"Api:ListenBeyondLoopback must be true to listen on {url}: everyone on that network could reach the API (it still needs the credential). Set it, and name the host in AllowedHosts.");
                }
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The addresses the server was told to use: urls (ASPNETCORE_URLS, --urls) and Kestrel:Endpoints.</summary>
    private IEnumerable<string> ListenUrls()
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    internal static bool IsLoopback(string url)
    {
        // Kestrel's wildcards ("+", "*") do not parse as a URI host; they mean every interface.
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address);
    }
}
