using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// A property declared nullable in C# (the status's <c>fault</c>, <c>device</c>) may be null in the
/// answer, so its schema must say so: the generator marks nullable value types, but an object it inlines
/// for a nullable reference comes out as a plain "object", and a client generated from the document
/// (Kotlin, Swift, strict TypeScript) then fails on every idle status.
/// </summary>
internal static class NullableSchemas
{
    public static OpenApiOptions AddNullableReferences(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { PropertyType.IsValueType: false, AttributeProvider: PropertyInfo property }
                && schema.Type is { } type && type != JsonSchemaType.Null && (type & JsonSchemaType.Null) == 0
                && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable)
            {
                schema.Type = type | JsonSchemaType.Null;
            }

            return Task.CompletedTask;
        });
}
