using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// A request the framework could not read (malformed JSON, a value of the wrong type, a body that is too
/// large or not JSON) becomes a problem with a stable code, and the field when System.Text.Json names
/// one (its JSON path, e.g. "$.durationMinutes", becomes "durationMinutes").
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (code, title) = ProblemCodes.For(bad.StatusCode);
        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Title = title, Detail = detail },
        };
        context.ProblemDetails.Extensions["code"] = code;
        if (FieldOf(bad) is { } field)
        {
            context.ProblemDetails.Extensions["field"] = field;
        }

        return await problems.TryWriteAsync(context).ConfigureAwait(false);
    }

    private static string? FieldOf(BadHttpRequestException bad) =>
        bad.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..]
            : null;
}
