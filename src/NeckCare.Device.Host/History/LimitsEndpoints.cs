using System.Text.Json;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Host.Access;
using NeckCare.Device.Host.Api;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.History;

/// <summary>Personal limits and defaults: read, and changed with the credential; kept in the history database.</summary>
internal static class LimitsEndpoints
{
    public const string SettingKey = "personal-limits";

    public static void MapLimits(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/limits").WithTags("Limits");

        api.MapGet("", (ISessionGateway g) => Results.Ok(LimitsBody.Of(g.Status.Limits)))
            .WithName("GetLimits").WithSummary("The personal limits and defaults the session applies.")
            .Produces<LimitsBody>();

        api.MapPut("", async (LimitsBody? body, ISessionGateway g, HistoryService history, CancellationToken ct) =>
            {
                if (body is null)
                {
                    return Problems.Invalid("body", "a limits object", "A body with maxLevel, maxHeat, defaultMinutes, defaultHeat and guidedRelease is required.");
                }

                if (body.MaxLevel is < SessionLimits.MinLevel or > 10)
                {
                    return Problems.Invalid("maxLevel", "1–10, or null", $"maxLevel must be between 1 and 10, or null for the device's own maximum (was {body.MaxLevel}).");
                }

                if (body.DefaultMinutes is < SessionLimits.MinMinutes or > SessionLimits.MaxMinutes)
                {
                    return Problems.Invalid("defaultMinutes", "5–15, or null", $"defaultMinutes must be between 5 and 15, or null (was {body.DefaultMinutes}).");
                }

                if (HeatNames.Parse(body.MaxHeat ?? "High") is not { } maxHeat)
                {
                    return Problems.Invalid("maxHeat", HeatNames.Allowed, $"maxHeat must be one of {HeatNames.Allowed} (was '{body.MaxHeat}').");
                }

                if (HeatNames.Parse(body.DefaultHeat ?? "Off") is not { } defaultHeat || defaultHeat > maxHeat)
                {
                    return Problems.Invalid("defaultHeat", $"Off up to maxHeat ({maxHeat})", $"defaultHeat must be one of {HeatNames.Allowed}, at most maxHeat (was '{body.DefaultHeat}').");
                }

                var limits = new PersonalLimits(body.MaxLevel, maxHeat, body.DefaultMinutes, defaultHeat, body.GuidedRelease ?? false);
                // Kept first: limits that could not be kept are not applied either (a full card answers 507, nothing changed).
                history.Store?.SetSetting(SettingKey, JsonSerializer.Serialize(limits, Control.StateJsonContext.Default.PersonalLimits));
                var result = await g.SendAsync(new SetPersonalLimits(limits), ct).ConfigureAwait(false);
                if (result.Refusal is { } refusal)
                {
                    return Problems.From(refusal, null);
                }

                return Results.Ok(LimitsBody.Of(limits));
            })
            .WithName("SetLimits").WithSummary("Changes the personal limits and defaults. A lower limit takes effect at once during a session, downwards only.")
            .Produces<LimitsBody>().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .RequireCommandRateLimit();
    }

    /// <summary>
    /// The stored limits, or none. Limits that cannot be read, or are outside what the routine allows (a
    /// damaged row), are not used: the defaults apply and <paramref name="notice"/> says so.
    /// </summary>
    public static PersonalLimits? Load(HistoryService history, out string? notice)
    {
        notice = null;
        string? json;
        try
        {
            json = history.Store?.Setting(SettingKey);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            json = null; // an unreadable file is already reported by the history's own notice
        }

        if (json is null)
        {
            return null;
        }

        string why;
        try
        {
            var limits = JsonSerializer.Deserialize(json, Control.StateJsonContext.Default.PersonalLimits);
            if (limits is not null && limits.Invalid() is null)
            {
                return limits;
            }

            why = limits?.Invalid() ?? "they are empty";
        }
        catch (JsonException ex)
        {
            why = $"they cannot be read ({ex.Message})";
        }

        notice = $"The saved personal limits were damaged ({why}) and are not used; the defaults apply until they are set again.";
        return null;
    }
}

/// <param name="MaxLevel">The highest intensity level (1–10), or null for the device's maximum.</param>
/// <param name="MaxHeat">Off, Low or High.</param>
/// <param name="DefaultMinutes">5–15, or null for the configured default.</param>
/// <param name="DefaultHeat">Off, Low or High, at most maxHeat.</param>
/// <param name="GuidedRelease">Whether a start that does not say uses guided release.</param>
public sealed record LimitsBody(int? MaxLevel, string? MaxHeat, int? DefaultMinutes, string? DefaultHeat, bool? GuidedRelease)
{
    public static LimitsBody Of(PersonalLimits l) =>
        new(l.MaxLevel, l.MaxHeat.ToString(), l.DefaultMinutes, l.DefaultHeat.ToString(), l.GuidedRelease);
}
