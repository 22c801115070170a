extern alias JsonSchemaNet;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JsonSchemaNet::Json.Schema;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// docs/openapi/v1.json as a judge of real answers: finds the operation a request matched, the schema of
/// the answer's status and media type, resolves its references, and evaluates the body with a JSON
/// Schema 2020-12 validator (what OpenAPI 3.1 schemas are). Remembers which operations it has judged.
/// </summary>
internal sealed class OpenApiContract
{
    private readonly JsonNode _document;
    private readonly List<(string Method, string Template, Regex Match)> _operations = [];

    public OpenApiContract(string path)
    {
        _document = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var (template, ops) in _document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            foreach (var (method, _) in ops!.AsObject())
            {
                _operations.Add((method.ToUpperInvariant(), template, new Regex(pattern)));
            }
        }
    }

    public HashSet<string> Judged { get; } = [];

    public IEnumerable<string> Operations => _operations.Select(o => $"{o.Method} {o.Template}");

    /// <summary>Fails unless the answer's status is documented for the operation and its body fits the schema.</summary>
    public async Task CheckAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage!;
        var method = request.Method.Method;
        var path = request.RequestUri!.AbsolutePath;
        var op = _operations.FirstOrDefault(o => o.Method == method && o.Match.IsMatch(path));
        Assert.True(op.Template is not null, $"{method} {path} is not in the document");
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documented = _document["paths"]![op.Template]![op.Method.ToLowerInvariant()]!["responses"]![status];
        Assert.True(documented is not null, $"{method} {op.Template} answered {status}, which the document does not list");
        Judged.Add($"{op.Method} {op.Template}");

        var body = await response.Content.ReadAsStringAsync();
        var media = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0 || media is null || !media.Contains("json", StringComparison.Ordinal))
        {
            Assert.True(documented["content"] is null || body.Length == 0 || media == "text/event-stream" || media == "text/csv",
                $"{method} {op.Template} {status}: a {media} body where the document promises JSON");
            return;
        }

        var content = documented["content"]?.AsObject();
        Assert.True(content is not null, $"{method} {op.Template} {status} answered a {media} body the document does not describe");
        var schemaNode = (content![media] ?? content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value)?["schema"];
        Assert.True(schemaNode is not null, $"{method} {op.Template} {status}: no schema for {media}");

        var schema = JsonSchema.FromText(Resolve(schemaNode!, 0).ToJsonString());
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{method} {path} {status} does not fit the document: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")) + "\n" + body);
    }

    /// <summary>A copy of <paramref name="node"/> with every <c>#/components/…</c> reference replaced by what it names.</summary>
    private JsonNode Resolve(JsonNode node, int depth)
    {
        Assert.True(depth < 32, "references nest too deep");
        switch (node)
        {
            case JsonObject o when o["$ref"]?.GetValue<string>() is { } reference:
                var target = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                    .Aggregate((JsonNode?)_document, (n, part) => n?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
                Assert.True(target is not null, $"unresolved reference {reference}");
                return Resolve(target!, depth + 1);
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    copy[key] = value is null ? null : Resolve(value, depth + 1);
                }

                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(v => v is null ? null : Resolve(v, depth + 1)).ToArray());
            default:
                return node.DeepClone();
        }
    }
}
