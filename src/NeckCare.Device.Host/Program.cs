using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using NeckCare.Device.Host;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Api;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Host.Events;
using NeckCare.Device.Host.Simulator;

// The unit's ExecStopPost: outputs off after the service has stopped, however it stopped.
if (args is [NeckCare.Device.Host.Control.FailSafeCommand.Verb, .. var rest])
{
    return NeckCare.Device.Host.Control.FailSafeCommand.Run(rest);
}

// The whole state in one archive and back (the service stopped): the integrator guide's "Back up and restore".
if (NeckCare.Device.Host.Control.BackupCommand.Handles(args))
{
    return NeckCare.Device.Host.Control.BackupCommand.Run(args);
}

var builder = WebApplication.CreateBuilder(args);

// Under systemd (a Type=notify unit sets NOTIFY_SOCKET) each log line carries its journald priority
// (<6> information, <4> warning, <3> error), so `journalctl -p warning` finds the service's warnings.
// Registered explicitly: UseSystemd() decides from the parent's /proc/<ppid>/comm, which the unit's
// ProtectProc=invisible hides from a non-root service, and would then do nothing.
if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
{
    builder.Logging.AddSystemdConsole();
}

// The documented default address, unless ASPNETCORE_URLS, --urls or Kestrel:Endpoints say otherwise.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

// A Pi Zero has 512 MB: small bodies, few connections (RequestBodyLimit explains the figure). Who may
// hold a connection is decided by ConnectionAdmission, not by Kestrel's global cap (which closes the
// newest connection silently, the owner's Stop included, while strangers hold the rest): strangers are
// capped per address and give way to newcomers, streams are counted apart, refusals are 503 problems.
var admission = AccessRegistration.CreateAdmission(builder.Configuration);
builder.Services.AddSingleton(admission);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
    // Backstops only: the API's own limits, a little lower, answer with a problem code (RequestHeadLimits).
    k.Limits.MaxRequestLineSize = RequestHeadLimits.KestrelRequestLineBytes;
    k.Limits.MaxRequestHeadersTotalSize = RequestHeadLimits.KestrelHeaderBytes;
    k.Limits.MaxRequestHeaderCount = RequestHeadLimits.KestrelHeaderCount;
    k.Limits.MaxConcurrentConnections = null;
    k.Limits.RequestHeadersTimeout = AccessOptions.HeadersTimeout;
    k.Limits.KeepAliveTimeout = AccessOptions.IdleTimeout;
    k.Limits.MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    k.ConfigureEndpointDefaults(listen => listen.Use(next => ConnectionAdmissionMiddleware.Use(next, admission)));
});

// Host filtering answers only to loopback names unless the integrator names the controller's own
// (with no list at all it would answer to any Host header, which lets DNS rebinding through).
if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
{
    builder.Configuration["AllowedHosts"] = AccessOptions.LoopbackHosts;
}

builder.Services.AddNeckCareOptions(builder.Configuration);

// Options are checked before the app is built: building resolves services (the clock, the server) that
// read them, and a bad value must stop the service with its name and range, never with a stack trace.
if (ConfigurationError.CheckBeforeBuild(builder.Configuration) is { Count: > 0 } early)
{
    return await ConfigurationError.ReportAsync(early).ConfigureAwait(false);
}

builder.Services.AddMassager();
NeckCare.Device.Host.Mqtt.MqttRegistration.AddMqtt(builder.Services, builder.Configuration);
builder.Services.AddApiAccess();
// Numbers are numbers: the web defaults also read "3" for 3, and the published schema then says
// "integer or string with a pattern", which generated clients cannot use.
// Every type is described by generated code (ApiJsonContext: enums as strings). The reflection resolver
// is taken out, not just switched off by the feature switch: in-process tests, where the switch is on for
// the test tools, then fail on a type the Native AOT build could not write.
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.TypeInfoResolverChain.Clear();
    o.SerializerOptions.TypeInfoResolverChain.Add(ApiJsonContext.Default);
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddExceptionHandler<StorageFailureHandler>();
// The OpenAPI document is served as built (docs/openapi/v1.json); generating it costs memory on every start.
var generateOpenApi = builder.Configuration.GetValue<bool>(OpenApiGeneration.Switch);
if (generateOpenApi)
{
    OpenApiGeneration.AddGenerator(builder.Services);
}

var app = builder.Build();
if (ConfigurationError.Check(app.Services) is { Count: > 0 } problems)
{
    return await ConfigurationError.ReportAsync(problems).ConfigureAwait(false);
}

if (ConfigurationError.CheckHardware(app.Services) is { Count: > 0 } missing)
{
    return await ConfigurationError.ReportAsync(missing).ConfigureAwait(false);
}

// The state directory must take writes before anything is kept there (the credential is written first).
if (NeckCare.Device.Host.Control.StateDirectory.Unwritable(app.Services, out var stateDirectory) is { } unwritable)
{
    return await ConfigurationError.ReportAsync([unwritable]).ConfigureAwait(false);
}

// History: another instance on the same file, or a file from a newer version, stop the service (exit 2);
// anything else wrong with it leaves the service running without history, and the status says so.
var history = app.Services.GetRequiredService<NeckCare.Device.Host.History.HistoryService>();
try
{
    history.Open(stateDirectory);
}
catch (NeckCare.Device.History.HistoryOpenException ex)
{
    return await ConfigurationError.ReportAsync([ex.Message], "History error").ConfigureAwait(false);
}

// Before the owner loop starts, so the controller is still ours to touch.
var massage = app.Services.GetRequiredService<NeckCare.Device.Core.Control.MassageController>();
foreach (var notice in new[] { history.Warning, history.Unavailable }.OfType<string>())
{
    massage.AddNotice(notice);
}

if (NeckCare.Device.Host.History.LimitsEndpoints.Load(history, out var damagedLimits) is { } limits)
{
    massage.Handle(new NeckCare.Device.Core.Control.SetPersonalLimits(limits));
}

if (damagedLimits is not null)
{
    massage.AddNotice(damagedLimits);
}

app.UseKnownProxies(AccessRegistration.KnownProxies(builder.Configuration));
app.UseRequestHeadLimits();
app.UseExceptionHandler();
app.UseProblemStatusCodes();
app.UseRequestBodyLimit();
app.UseCompanionPage();
app.UseApiAccess();
app.UseCommandRateLimit();
if (generateOpenApi)
{
    OpenApiGeneration.MapGenerator(app);
}
else
{
    app.MapOpenApiDocument();
}

app.MapSessionApi();
NeckCare.Device.Host.Mqtt.MqttRegistration.MapMqttDiagnostics(app);
app.MapPairing();
app.MapEvents();
app.MapSimulator();
NeckCare.Device.Host.History.HistoryEndpoints.MapHistory(app);
NeckCare.Device.Host.History.LimitsEndpoints.MapLimits(app);
app.ShowPairingLinkOnFirstStart();

// Resolved before running: RunAsync disposes the services when it returns, and asking them then threw
// (every SIGTERM ended in an unhandled ObjectDisposedException, exit 134, SystemdProcessTests).
var exit = app.Services.GetRequiredService<NeckCare.Device.Host.Control.ServiceExit>();
await app.RunAsync().ConfigureAwait(false);
return exit.Code; // 70 when control steps kept failing
