using System.Text.Json;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Host.History;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// Applies an MQTT command the way the API does: through the owner loop and the session's table, with
/// the same refusals, the same history commits, and an answer on the result topic. It never throws.
/// </summary>
internal sealed partial class MqttCommandHandler(ISessionGateway gateway, HistoryService history, MqttHealth health,
    CommandBudget budget, ILogger<MqttCommandHandler> logger)
{
    /// <summary>
    /// Applies the command and returns the answer for the result topic, whether the message was malformed
    /// (those answers are rationed), and whether the history must be committed before the answer goes out
    /// (a start or stop: as the API does, "accepted" means it is on the disk). The commit is left to the
    /// caller so that a slow disk never holds up the next command, a stop above all.
    /// </summary>
    public async Task<(byte[] Answer, bool Malformed, bool Commit)> HandleAsync(string name, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var command = MqttCommands.Read(name, payload.Span);
        if (command.Problem is { } problem)
        {
            health.CountMalformed();
            return (MqttPayloads.Malformed(name, problem), true, false);
        }

        var answer = await ApplyAsync(name, command, ct).ConfigureAwait(false);
        return (answer, false, command.StartWithDefaults || command.Session is StopSession);
    }

    private async Task<byte[]> ApplyAsync(string name, MqttCommand command, CancellationToken ct)
    {
        if (command.Session is not StopSession && !budget.TryTake())
        {
            health.CountRateLimited();
            return MqttPayloads.Result(name, CommandResult.Conflict("rate-limited", "Too many commands over MQTT; wait a moment. Stop is always accepted."));
        }

        try
        {
            var result = command.GuidedRelease is { } on
                ? await SetGuidedReleaseAsync(on, ct).ConfigureAwait(false)
                : await SendAsync(command, ct).ConfigureAwait(false);
            if (result.IsAccepted)
            {
                health.CountAccepted();
            }
            else
            {
                health.CountRefused();
            }

            return MqttPayloads.Result(name, result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The owner loop stopping, or a disk that refuses the history: answered, never thrown at MQTTnet.
            LogCommandFailed(logger, name, ex.Message);
            health.CountRefused();
            return MqttPayloads.Result(name, CommandResult.Conflict("unavailable", "The controller could not apply the command: " + ex.Message));
        }
    }

    private async Task<CommandResult> SendAsync(MqttCommand command, CancellationToken ct)
    {
        var limits = gateway.Status.Limits;
        var session = command.StartWithDefaults
            ? new StartSession(limits.DefaultMinutes, limits.DefaultHeat, limits.GuidedRelease)
            : command.Session!;
        if (session is AcknowledgeFault)
        {
            history.NoteAcknowledgedBy(CommandSender.Mqtt);
        }

        return await gateway.SendAsync(session, CommandSender.Mqtt, ct).ConfigureAwait(false);
    }

    /// <summary>The switch changes the person's default for the next start, kept as PUT /api/v1/limits keeps it.</summary>
    private async Task<CommandResult> SetGuidedReleaseAsync(bool on, CancellationToken ct)
    {
        var limits = gateway.Status.Limits with { GuidedRelease = on };
        history.Store?.SetSetting(LimitsEndpoints.SettingKey, JsonSerializer.Serialize(limits, Control.StateJsonContext.Default.PersonalLimits));
        return await gateway.SendAsync(new SetPersonalLimits(limits), CommandSender.Mqtt, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT command {Command} could not be applied: {Reason}")]
    private static partial void LogCommandFailed(ILogger logger, string command, string reason);
}
