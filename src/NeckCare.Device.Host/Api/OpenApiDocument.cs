namespace NeckCare.Device.Host.Api;

/// <summary>
/// Serves the API's OpenAPI document as built into the service (docs/openapi/v1.json, embedded): read
/// from the assembly on each request, so it costs nothing until someone asks for it.
/// </summary>
internal static class OpenApiDocument
{
    public const string Path = "/openapi/v1.json";
    public const string Resource = "NeckCare.Device.Host.openapi.v1.json";

    public static void MapOpenApiDocument(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, () => Results.Stream(
                typeof(OpenApiDocument).Assembly.GetManifestResourceStream(Resource)
                    ?? throw new InvalidOperationException($"the build did not embed {Resource}"),
                "application/json;charset=utf-8"))
            .ExcludeFromDescription();
}
