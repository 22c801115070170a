using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// The limits on a request's target and headers, answered as problems with a code. Kestrel refuses an
/// oversized request line or header block itself, before any application code runs, with a bare status
/// and no body; so Kestrel's own limits are set above these (<see cref="KestrelRequestLineBytes"/>,
/// <see cref="KestrelHeaderBytes"/>: a backstop only) and these, at Kestrel's usual defaults, are
/// checked here first thing, where the answer can say what was too big and by how much.
/// </summary>
internal static class RequestHeadLimits
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public const int KestrelRequestLineBytes = 4 * MaxTargetBytes;
    public const int KestrelHeaderBytes = 2 * MaxHeaderBytes;
    public const int KestrelHeaderCount = 2 * MaxHeaderCount;

    public static IApplicationBuilder UseRequestHeadLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Refusal(context) is { } refusal)
            {
                context.Response.Headers.Connection = "close"; // what follows on this connection is not worth reading
                await refusal.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

    private static IResult? Refusal(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        if (target.Length > MaxTargetBytes)
        {
            return Problem(StatusCodes.Status414UriTooLong, "uri-too-long", "target",
                Fmt($"The request target is {target.Length} bytes; at most {MaxTargetBytes} are accepted."), MaxTargetBytes);
        }

        var count = 0;
        var bytes = 0L;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n", as Kestrel counts them
            }
        }

        if (count > MaxHeaderCount)
        {
            return Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "headers",
                Fmt($"The request has {count} header lines; at most {MaxHeaderCount} are accepted."), MaxHeaderCount);
        }

        return bytes > MaxHeaderBytes
            ? Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "headers",
                Fmt($"The request's headers are {bytes} bytes; at most {MaxHeaderBytes} are accepted."), MaxHeaderBytes)
            : null;
    }

    private static IResult Problem(int status, string code, string field, string detail, int max) =>
        Results.Problem(statusCode: status, title: ProblemCodes.For(status).Title, detail: detail, extensions: new Dictionary<string, object?>
        {
            ["code"] = code,
            ["field"] = field,
            ["allowedRange"] = Fmt($"0–{max}"),
        });

    private static string Fmt(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
