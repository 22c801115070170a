using Microsoft.AspNetCore.Diagnostics;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// Malformed JSON, or a value of the wrong type, becomes a 400 problem that says what could not be read
/// (System.Text.Json names the field as a JSON path, e.g. "$.durationMinutes").
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = detail,
            },
        }).ConfigureAwait(false);
    }
}
