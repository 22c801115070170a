namespace NeckCare.Device.Host.Api;

/// <summary>
/// The stable <c>code</c> every problem carries for the statuses the framework itself answers (the
/// routine's refusals carry their own codes). A client switches on the code, never on the title.
/// </summary>
internal static class ProblemCodes
{
    public static (string Code, string Title) For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("unreadable-body", "The request could not be read."),
        StatusCodes.Status401Unauthorized => ("unauthorized", "A valid credential is required."),
        StatusCodes.Status404NotFound => ("not-found", "There is no such resource."),
        StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This resource does not take that method."),
        StatusCodes.Status408RequestTimeout => ("request-timeout", "The request did not arrive in time."),
        StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body is larger than the API accepts."),
        StatusCodes.Status414UriTooLong => ("uri-too-long", "The request target is longer than the API accepts."),
        StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "The body must be JSON (Content-Type: application/json)."),
        StatusCodes.Status429TooManyRequests => ("too-many-requests", "Too many requests; slow down."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ("headers-too-large", "The request's headers are larger than the API accepts."),
        _ => ("http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), "The request failed."),
    };
}
