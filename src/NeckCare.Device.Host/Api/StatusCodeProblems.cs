using Microsoft.AspNetCore.Diagnostics;

namespace NeckCare.Device.Host.Api;

/// <summary>
/// Answers the framework gives without a body (no such route, wrong method, a body too large before it
/// is read) get the same problem shape as everything else, with a code.
/// </summary>
internal static class StatusCodeProblems
{
    public static IApplicationBuilder UseProblemStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var (code, title) = ProblemCodes.For(status);
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            var problem = new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = status, Title = title, Detail = $"{http.Request.Method} {http.Request.Path}: {title}" },
            };
            problem.ProblemDetails.Extensions["code"] = code;
            await problems.TryWriteAsync(problem).ConfigureAwait(false);
        });
}
