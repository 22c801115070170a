namespace NeckCare.Device.Host.Api;

/// <summary>
/// Serves the companion page (wwwroot: static files, no build step) before the API's lock, since a
/// phone must load it to pair. Its headers keep it from being framed by another site (a hidden Start
/// under a decoy button) and let it load nothing but its own files.
/// </summary>
internal static class CompanionPage
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IApplicationBuilder UseCompanionPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Always revalidate: after an update the phone must not keep running an old page.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
