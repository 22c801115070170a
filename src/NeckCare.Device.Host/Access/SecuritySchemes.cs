using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeckCare.Device.Host.Access;

/// <summary>Declares the API's two credentials in the OpenAPI document and which operations need one (all under /api but pairing).</summary>
internal static class SecuritySchemes
{
    public const string Bearer = "bearer";
    public const string Cookie = "pairingCookie";

    public static OpenApiOptions AddAccessSecurity(this OpenApiOptions options) =>
        options.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The API token (Api:Token, or the generated one in the state directory's api-token file).",
            };
            doc.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = ApiAccess.CookieName,
                Description = "A paired browser's cookie, from POST /api/v1/pair (HttpOnly, SameSite=Strict).",
            };

            foreach (var (path, item) in doc.Paths ?? [])
            {
                if (!path.StartsWith("/api/", StringComparison.Ordinal) || path == ApiAccess.PairPath)
                {
                    continue;
                }

                foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                {
                    // Either credential will do: two alternative requirements.
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, doc)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, doc)] = [] },
                    ];

                    // What the lock itself answers, on every operation behind it.
                    operation.Responses ??= [];
                    AddProblem(doc, operation, "401", "No credential, or a wrong one (code unauthorized, bad-credential, not-paired).");
                    AddProblem(doc, operation, "429", "Locked out after wrong credentials (code locked-out), or over the command rate.");
                }
            }

            return Task.CompletedTask;
        });

    private static void AddProblem(OpenApiDocument doc, OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", doc) },
            },
        };
    }
}
