using Microsoft.Extensions.Options;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>MQTT is registered only when Mqtt:Host is set: otherwise not a type of MQTTnet is loaded.</summary>
internal static class MqttRegistration
{
    public static IServiceCollection AddMqtt(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MqttHealth>();
        if (string.IsNullOrWhiteSpace(configuration[$"{MqttOptions.Section}:Host"]))
        {
            return services;
        }

        services.AddSingleton(sp => new CommandBudget(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MqttCommandHandler>();
        services.AddHostedService<MqttBridge>();
        return services;
    }

    public static void MapMqttDiagnostics(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/diagnostics/mqtt", (MqttHealth h, IOptions<MqttOptions> o) => TypedResults.Ok(new MqttDiagnostics(
                h.Enabled, h.Connected, h.Broker, h.BaseTopic, h.LastError, h.Connects, h.Accepted, h.Refused, h.RateLimited, h.Malformed)))
            .WithTags("Diagnostics").WithName("GetMqttDiagnostics")
            .WithSummary("The MQTT link: connected or why not, and how many commands were accepted, refused, limited or malformed.");
}

/// <param name="Enabled">False when Mqtt:Host is not set.</param>
/// <param name="LastError">Why the last connection attempt failed or the link dropped; null while connected.</param>
public sealed record MqttDiagnostics(bool Enabled, bool Connected, string? Broker, string? BaseTopic, string? LastError,
    long Connects, long Accepted, long Refused, long RateLimited, long Malformed);
