using NeckCare.Device.Core.Control;

namespace NeckCare.Device.Host.Api;

/// <summary>Turns a refusal into RFC 7807 problem details: 409 for "not now", 422 for "not that value".</summary>
internal static class Problems
{
    public static IResult From(Refusal refusal, HttpContext? http)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.Field is { } field)
        {
            extensions["field"] = field;
        }

        if (refusal.Kind == RefusalKind.Invalid)
        {
            extensions["allowedRange"] = refusal.AllowedRange;
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [refusal.Field ?? "body"] = [refusal.Message] },
                detail: refusal.Message,
                title: "A value is outside its allowed range.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: extensions);
        }

        if (refusal.RetryAfterSeconds is { } seconds && http is not null)
        {
            extensions["retryAfterSeconds"] = seconds;
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(
            detail: refusal.Message,
            title: "The command is not possible now.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: extensions);
    }

    public static IResult Invalid(string field, string allowed, string message) =>
        From(CommandResult.Invalid(field, allowed, message).Refusal!, null);
}
