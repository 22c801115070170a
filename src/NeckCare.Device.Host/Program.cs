using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using NeckCare.Device.Host;
using NeckCare.Device.Host.Api;
using NeckCare.Device.Host.Configuration;

var builder = WebApplication.CreateBuilder(args);

// The documented default address, unless ASPNETCORE_URLS, --urls or Kestrel:Endpoints say otherwise.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

// A Pi Zero has 512 MB: small bodies, few connections (RequestBodyLimit explains the figure).
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
    k.Limits.MaxConcurrentConnections = 64;
});

// Gains found by a relay auto-tune, kept across restarts (overrides Heat:Kp/Ki/Kd; delete to reset).
builder.Configuration.AddJsonFile(
    Path.Combine(builder.Environment.ContentRootPath, NeckCare.Device.Host.Control.TunedGainsStore.DefaultFileName),
    optional: true, reloadOnChange: false);
builder.Services.AddNeckCareOptions(builder.Configuration);
builder.Services.AddMassager();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "NeckCare.Device API";
    doc.Info.Version = "v1";
    doc.Info.Description = "Control a heated kneading neck massager. See docs/api.md.";
    return Task.CompletedTask;
}));

var app = builder.Build();
if (ConfigurationError.Check(app.Services) is { Count: > 0 } problems)
{
    // Bad configuration stops the service at start-up with each option's name and allowed range.
    await Console.Error.WriteLineAsync("Configuration error; the service will not start:").ConfigureAwait(false);
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
    }

    return 2;
}

app.UseExceptionHandler();
app.UseProblemStatusCodes();
app.UseRequestBodyLimit();
app.MapOpenApi();
app.MapSessionApi();

await app.RunAsync().ConfigureAwait(false);
return app.Services.GetRequiredService<NeckCare.Device.Host.Control.ServiceExit>().Code; // 70 when control steps kept failing
