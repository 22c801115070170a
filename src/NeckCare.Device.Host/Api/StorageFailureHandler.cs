using Microsoft.AspNetCore.Diagnostics;
using NeckCare.Device.History;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// Whatever an endpoint could not save (a pairing, personal limits, an erase) is answered with a problem
/// that says so, never a 500: 507 <c>storage-full</c> when the card is full, 503 <c>storage-read-only</c>
/// or <c>storage-failed</c> otherwise. The endpoints save before they change anything, so such an answer
/// means nothing changed.
/// </summary>
internal sealed class StorageFailureHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StorageFault.Kind(exception) is not { } kind)
        {
            return false;
        }

        var (status, code) = kind switch
        {
            StorageTrouble.Full => (StatusCodes.Status507InsufficientStorage, "storage-full"),
            StorageTrouble.ReadOnly => (StatusCodes.Status503ServiceUnavailable, "storage-read-only"),
            _ => (StatusCodes.Status503ServiceUnavailable, "storage-failed"),
        };
        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = status,
                Title = "This could not be saved.",
                Detail = $"Nothing was changed: {StorageFault.Describe(kind)}. Massage control is unaffected.",
            },
        };
        context.ProblemDetails.Extensions["code"] = code;
        return await problems.TryWriteAsync(context).ConfigureAwait(false);
    }
}
