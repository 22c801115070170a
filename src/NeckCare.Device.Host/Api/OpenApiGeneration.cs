using Microsoft.OpenApi;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Events;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// Generating the OpenAPI document from the endpoints, which the service does only when asked
/// (OpenApi:Generate=true): the generator loads about 4 MB of assemblies and builds API descriptions
/// for every endpoint, memory a Pi would pay on every start for a document that never changes between
/// builds. The shipped service serves the committed docs/openapi/v1.json instead (<see cref="OpenApiDocument"/>);
/// a test regenerates it and fails when the two differ (set NECKCARE_UPDATE_OPENAPI=1 to rewrite it).
/// Kept in methods of their own so the generator's assemblies are not even loaded unless called.
/// </summary>
internal static class OpenApiGeneration
{
    public const string Switch = "OpenApi:Generate";

    public static void AddGenerator(IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "NeckCare.Device API";
            doc.Info.Version = "v1";
            doc.Info.Description = "Control a heated kneading neck massager. See docs/api.md.";
            doc.Servers = []; // the document is served as built: clients call whichever address served it
            // The export answers JSON or CSV by its format parameter; the endpoint metadata can name one
            // body per status, so the CSV is added beside the JSON here.
            if (doc.Paths?["/api/v1/history/export"]?.Operations?[HttpMethod.Get].Responses?["200"] is OpenApiResponse { Content: { } content })
            {
                content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            return Task.CompletedTask;
        }).AddEventSchemas().AddAccessSecurity().AddNullableReferences());

    public static void MapGenerator(WebApplication app) => app.MapOpenApi(OpenApiDocument.Path);
}
