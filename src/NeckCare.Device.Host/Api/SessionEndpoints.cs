using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Api;

/// <summary>The core API v1: the contract the companion UI and scripts rely on (docs/api.md, /openapi/v1.json).</summary>
internal static class SessionEndpoints
{
    public static void MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Session");

        api.MapGet("/status", (ISessionGateway gateway) => TypedResults.Ok(gateway.Status))
            .WithName("GetStatus").WithSummary("Everything a UI shows: state, intensity, heat, timing, fault.");

        // Rate limits are the groups' policy: every session command counts against the client's rate,
        // except the stop, which has a group of its own with no limit (whoever presses it, however often, it must act).
        var session = Limited(api.MapGroup("/session"));
        var stopping = api.MapGroup("/session");
        // What a start leaves out comes from the personal defaults (PUT /api/v1/limits).
        Command(session.MapPost("/start", async (StartRequest? body, ISessionGateway g, History.HistoryService history, HttpContext http, CancellationToken ct) =>
            {
                if ((body?.Heat is null ? g.Status.Limits.DefaultHeat : HeatNames.Parse(body.Heat)) is not { } heat)
                {
                    return Problems.Invalid("heat", HeatNames.Allowed, $"heat must be one of {HeatNames.Allowed} (was '{body?.Heat}').");
                }

                var answer = await Send(new StartSession(body?.DurationMinutes ?? g.Status.Limits.DefaultMinutes, heat, body?.GuidedRelease ?? g.Status.Limits.GuidedRelease), g, http, ct).ConfigureAwait(false);
                // A session that answered as started is in the history from that moment (its row committed).
                await history.CommitAsync(ct).ConfigureAwait(false);
                return answer;
            }),
            "StartSession", "Start a session at the lightest level, with a one-minute warm-up.");
        Command(stopping.MapPost("/stop", async (ISessionGateway g, History.HistoryService history, HttpContext http, CancellationToken ct) =>
            {
                var answer = await Send(new StopSession(), g, http, ct).ConfigureAwait(false);
                // Outputs are off already; the answer waits for the session's end to be on the disk, so a
                // Stop that answered is never lost to a pulled plug (bounded: a failing disk delays it 2 s at most).
                await history.CommitAsync(ct).ConfigureAwait(false);
                return answer;
            }),
            "StopSession", "Stop: motor and heater off at once, from any state. Idempotent.");
        Command(session.MapPost("/intensity/raise", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new RaiseIntensity(), g, http, ct)),
            "RaiseIntensity", "One level up (refused during warm-up, with the seconds left).");
        Command(session.MapPost("/intensity/lower", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new LowerIntensity(), g, http, ct)),
            "LowerIntensity", "One level down.");
        Command(session.MapPut("/intensity", (IntensityRequest? body, ISessionGateway g, HttpContext http, CancellationToken ct) =>
            body?.Level is { } level
                ? Send(new SetIntensity(level), g, http, ct)
                : Task.FromResult(Required("level", g.Status.Commands.SetLevel, http))),
            "SetIntensity", "Set a level directly.");
        Command(session.MapPost("/ease-off", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new EaseOff(), g, http, ct)),
            "EaseOff", "Too much: two levels down at once; the level that hurt becomes the ceiling.");
        Command(session.MapDelete("/intensity/ceiling", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new ClearCeiling(), g, http, ct)),
            "ClearCeiling", "Clear the ease-off ceiling.");
        Command(session.MapPut("/heat", (HeatRequest? body, ISessionGateway g, HttpContext http, CancellationToken ct) =>
            body?.Level is not null && HeatNames.Parse(body.Level) is { } heat
                ? Send(new SetHeat(heat), g, http, ct)
                : Task.FromResult(Problems.Invalid("level", HeatNames.Allowed, $"level must be one of {HeatNames.Allowed} (was '{body?.Level}')."))),
            "SetHeat", "Switch heat Off, Low or High during a session.");
        Command(session.MapPost("/pause", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new PauseSession(), g, http, ct)),
            "PauseSession", "Motor and heater off, clock held; more than 5 minutes ends the session.");
        Command(session.MapPost("/resume", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new ResumeSession(), g, http, ct)),
            "ResumeSession", "Back to the level held before the pause.");
        Command(session.MapPost("/extend", (ExtendRequest? body, ISessionGateway g, HttpContext http, CancellationToken ct) =>
            body?.Minutes is { } minutes
                ? Send(new ExtendSession(minutes), g, http, ct)
                : Task.FromResult(Required("minutes", g.Status.Commands.Extend, http))),
            "ExtendSession", "Add minutes; never past 15 minutes in total.");

        var heat = Limited(api.MapGroup("/heat").WithTags("Heat"));
        Command(heat.MapPost("/autotune", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new StartAutoTune(), g, http, ct)),
            "StartAutoTune", "Relay auto-tune of the heat regulator, during a session with heat on; progress and gains in status.autoTune.");
        Command(heat.MapDelete("/autotune", (ISessionGateway g, HttpContext http, CancellationToken ct) => Send(new CancelAutoTune(), g, http, ct)),
            "CancelAutoTune", "Abandon a running auto-tune; the previous gains stay.");

        Command(Limited(api.MapGroup("/faults")).MapPost("/acknowledge", (ISessionGateway g, History.HistoryService history, Access.Pairings pairings, HttpContext http, CancellationToken ct) =>
            {
                history.NoteAcknowledgedBy(History.HistoryEndpoints.Who(http, pairings));
                return Send(new AcknowledgeFault(), g, http, ct);
            })
                .WithTags("Faults"),
            "AcknowledgeFault", "Clear a latched fault once its cause is gone.");

        api.MapGet("/diagnostics/ticks", (TickTiming ticks) => TypedResults.Ok(ticks.Report()))
            .WithTags("Health").WithName("GetTickTiming")
            .WithSummary("How regular the control ticks were over the last 20 s: |spacing − period| at p50, p99 and max, in ms (wall clock).");

        app.MapGet("/healthz", (ISessionGateway g) => g.IsHealthy
                ? Results.Ok(new Health("Healthy", g.Status.State.ToString()))
                : Results.Json(new Health("Unhealthy", g.Status.State.ToString()), ApiJsonContext.Default.Health, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health").WithName("Health").WithSummary("200 while the control loop runs; 503 when it has stalled.")
            .Produces<Health>().Produces<Health>(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// A value left out: if the command is not possible now at all, the refusal it would get (from the
    /// status's commands); otherwise 422 naming the values the session table accepts now. The endpoint
    /// has no range of its own.
    /// </summary>
    private static IResult Required(string field, CommandAvailability now, HttpContext http)
    {
        var range = now.Levels ?? now.Minutes;
        if (!now.Allowed || range is null)
        {
            var kind = now.Code == "invalid-value" ? RefusalKind.Invalid : RefusalKind.Conflict;
            return Problems.From(new Refusal(kind, now.Code ?? "not-now", now.Reason ?? $"{field} cannot be set now.", null, null, null), http);
        }

        var allowed = $"{range.Min}–{range.Max}";
        return Problems.Invalid(field, allowed, $"{field} is required ({allowed}).");
    }

    /// <summary>A group whose every command counts against the client's rate, and says it may answer 429.</summary>
    private static RouteGroupBuilder Limited(RouteGroupBuilder group)
    {
        group.RequireCommandRateLimit().ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    /// <summary>Every status a command can answer is declared, so generated clients know them all.</summary>
    private static void Command(RouteHandlerBuilder route, string name, string summary)
    {
        route.WithName(name).WithSummary(summary)
            .Produces<SessionStatus>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        if (BodyRoutes.Contains(name))
        {
            route.ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }
    }

    private static readonly HashSet<string> BodyRoutes = ["StartSession", "SetIntensity", "SetHeat", "ExtendSession"];

    private static async Task<IResult> Send(SessionCommand command, ISessionGateway gateway, HttpContext http, CancellationToken ct)
    {
        // The sender as the history names it: the paired phone's name, or "token" for a script.
        var by = History.HistoryEndpoints.Who(http, http.RequestServices.GetRequiredService<Access.Pairings>());
        var result = await gateway.SendAsync(command, by, ct).ConfigureAwait(false);
        return result.Refusal is { } refusal ? Problems.From(refusal, http) : Results.Ok(gateway.Status);
    }
}

/// <summary>The health answer: whether the control loop runs, and the session state.</summary>
public sealed record Health(string Status, string State);
