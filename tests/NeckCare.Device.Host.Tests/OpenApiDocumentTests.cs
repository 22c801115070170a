using System.Net;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// The service serves docs/openapi/v1.json as built; these tests keep that file equal to what the
/// endpoints generate. After changing the API: NECKCARE_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static string Committed => Path.Combine(RepoRoot(), "docs", "openapi", "v1.json");

    [Fact]
    public async Task The_committed_document_is_what_the_endpoints_generate()
    {
        await using var app = new MassagerApp(new() { ["OpenApi:Generate"] = "true" });
        var client = await app.StartAsync();

        var generated = Normalise(await client.GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable("NECKCARE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, generated);
        }

        Assert.True(generated == Normalise(await File.ReadAllTextAsync(Committed)),
            "docs/openapi/v1.json is out of date: run NECKCARE_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests, then review and commit it");
    }

    [Fact]
    public async Task The_service_serves_the_committed_document_without_generating_it()
    {
        await using var app = new MassagerApp();
        var client = await app.StartAsync();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Normalise(await File.ReadAllTextAsync(Committed)), Normalise(await response.Content.ReadAsStringAsync()));
    }

    private static string Normalise(string json) => json.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string RepoRoot() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
}
