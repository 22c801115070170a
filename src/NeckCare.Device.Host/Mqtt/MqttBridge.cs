using System.Text;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Host.Events;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// The MQTT side of the service, when Mqtt:Host is set: keeps a connection to the broker (reconnecting
/// with a doubling wait), announces the device to Home Assistant, publishes the state as the owner
/// loop's events arrive, and hands commands to <see cref="MqttCommandHandler"/>. It reads the same event
/// stream as the page, through a bounded buffer: a broker that is away or slow never holds up a tick or
/// a command from anywhere else.
/// </summary>
internal sealed partial class MqttBridge(IOptions<MqttOptions> options, ISessionGateway gateway, EventHub hub,
    MqttCommandHandler commands, MqttHealth health, IServiceProvider services, TimeProvider time, ILogger<MqttBridge> logger)
    : BackgroundService
{
    /// <summary>Outside a session, the pad temperature is published this often at most.</summary>
    public static readonly TimeSpan IdleTelemetryEvery = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _statePublishing = new(1, 1);
    private readonly Dictionary<string, byte[]> _published = new(StringComparer.Ordinal);
    private readonly CommandBudget _malformedReplies = new(time, perSecond: 5, burst: 10);
    private MqttConnection? _link;
    private MqttTopics? _topics;
    private MqttIdentity? _identity;
    private volatile bool _announceWanted;
    private long _lastTelemetry = long.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        _identity = MqttIdentity.For(o, StateDirectory.Resolve(services));
        _topics = new MqttTopics(_identity);
        health.Enabled = true;
        health.Broker = $"{o.Host}:{o.EffectivePort}";
        health.BaseTopic = _topics.Base;
        using var link = new MqttConnection(o, _identity, _topics);
        _link = link;
        link.Client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        link.Client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                health.Connected = false;
                health.LastError = e.Exception is { } ex ? MqttConnection.Describe(ex) : $"disconnected ({e.Reason})";
                LogDisconnected(logger, health.LastError);
                _wake.Release();
            }

            return Task.CompletedTask;
        };

        var publishing = Task.Run(() => PublishEventsAsync(stoppingToken), CancellationToken.None);
        try
        {
            await KeepConnectedAsync(link, o, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await SayGoodbyeAsync(link).ConfigureAwait(false);
        await publishing.ConfigureAwait(false);
    }

    private async Task KeepConnectedAsync(MqttConnection link, MqttOptions o, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(1);
        var longest = TimeSpan.FromSeconds(o.ReconnectMaxSeconds);
        while (!ct.IsCancellationRequested)
        {
            if (!link.IsConnected)
            {
                try
                {
                    await link.ConnectAsync(ct).ConfigureAwait(false);
                    await link.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(_topics!.Commands, MqttQualityOfServiceLevel.AtLeastOnce)
                        .WithTopicFilter(_topics.HomeAssistantStatus, MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build(), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    var why = MqttConnection.Describe(ex);
                    if (why != health.LastError)
                    {
                        // Once per distinct reason: a broker that stays away must not fill the journal.
                        LogConnectFailed(logger, health.Broker, why, wait.TotalSeconds);
                    }

                    health.Connected = false;
                    health.LastError = why;
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                    wait = wait * 2 > longest ? longest : wait * 2;
                    continue;
                }

                wait = TimeSpan.FromSeconds(1);
                health.Connected = true;
                health.LastError = null;
                health.CountConnect();
                LogConnected(logger, health.Broker, _topics.Base);
                await AnnounceAsync(o, ct).ConfigureAwait(false);
            }

            await _wake.WaitAsync(ct).ConfigureAwait(false);
            if (_announceWanted && link.IsConnected)
            {
                _announceWanted = false;
                await AnnounceAsync(o, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Everything retained, afresh: availability, discovery, state, fault. With Mqtt:Announce false, the retained configs are cleared instead.</summary>
    private async Task AnnounceAsync(MqttOptions o, CancellationToken ct)
    {
        await _statePublishing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _published.Clear();
            if (!o.Announce)
            {
                foreach (var (component, objectId) in HomeAssistantDiscovery.Entities)
                {
                    await _link!.PublishAsync(_topics!.Config(component, objectId), [], retain: true, ct).ConfigureAwait(false);
                }

                foreach (var topic in new[] { _topics!.State, _topics.Fault, _topics.Availability })
                {
                    await _link!.PublishAsync(topic, [], retain: true, ct).ConfigureAwait(false);
                }

                LogRemoved(logger, _topics.Base);
                return;
            }

            await _link!.PublishAsync(_topics!.Availability, Encoding.UTF8.GetBytes(MqttTopics.Online), retain: true, ct).ConfigureAwait(false);
            await PublishChangesAsync(gateway.Status, ct).ConfigureAwait(false);
        }
        finally
        {
            _statePublishing.Release();
        }
    }

    /// <summary>The owner loop's events, in order: state retained on change (not on a timer), telemetry at most once a second.</summary>
    private async Task PublishEventsAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var events = hub.Subscribe(null, gateway.Status);
            try
            {
                while (true)
                {
                    var (e, timedOut) = await events.NextAsync(IdleTelemetryEvery, time, ct).ConfigureAwait(false);
                    if (e is null && !timedOut)
                    {
                        break; // fell behind or the stream was ended: subscribe again and publish from the current state
                    }

                    if (_link is not { IsConnected: true } || !options.Value.Announce)
                    {
                        continue; // published in full on the next connect
                    }

                    if (e?.Type == EventTypes.Telemetry)
                    {
                        await PublishTelemetryAsync(ct).ConfigureAwait(false);
                        continue;
                    }

                    await _statePublishing.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await PublishChangesAsync(gateway.Status, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        _statePublishing.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong in one publication must not end the state's publishing for good.
                LogPublishFailed(logger, ex);
            }
        }
    }

    /// <summary>Under <see cref="_statePublishing"/>: each retained topic whose payload differs from the last one published.</summary>
    private async Task PublishChangesAsync(SessionStatus status, CancellationToken ct)
    {
        var retained = HomeAssistantDiscovery.Configs(_identity!, _topics!, status, options.Value.PageUrl)
            .Select(c => (c.Topic, c.Payload))
            .Append((_topics!.State, MqttPayloads.State(status)))
            .Append((_topics.Fault, MqttPayloads.Fault(status)));
        foreach (var (topic, payload) in retained)
        {
            if (_published.TryGetValue(topic, out var last) && last.AsSpan().SequenceEqual(payload))
            {
                continue;
            }

            if (await _link!.PublishAsync(topic, payload, retain: true, ct).ConfigureAwait(false))
            {
                _published[topic] = payload;
            }
        }
    }

    private async Task PublishTelemetryAsync(CancellationToken ct)
    {
        var status = gateway.Status;
        var now = time.GetTimestamp();
        if (!status.State.HasSession() && _lastTelemetry != long.MinValue && time.GetElapsedTime(_lastTelemetry, now) < IdleTelemetryEvery)
        {
            return;
        }

        _lastTelemetry = now;
        await _link!.PublishAsync(_topics!.Telemetry, MqttPayloads.Telemetry(status), retain: false, ct).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken ct)
    {
        var message = e.ApplicationMessage;
        // Never copy more than a command can be: a huge payload is judged by its length alone.
        var length = (int)Math.Min(message.Payload.Length, MqttCommands.MaxPayloadBytes + 1);
        var payload = System.Buffers.BuffersExtensions.ToArray(message.Payload.Slice(0, length));
        if (message.Topic == _topics!.HomeAssistantStatus)
        {
            if (Encoding.UTF8.GetString(payload).Trim() == MqttTopics.Online)
            {
                _announceWanted = true; // Home Assistant restarted: it forgot non-retained state; announce again
                _wake.Release();
            }

            return;
        }

        if (!message.Topic.StartsWith(_topics.CommandPrefix, StringComparison.Ordinal))
        {
            health.CountMalformed();
            return;
        }

        var name = message.Topic[_topics.CommandPrefix.Length..];
        var (answer, malformed) = await commands.HandleAsync(name, payload, ct).ConfigureAwait(false);
        if (!malformed || _malformedReplies.TryTake())
        {
            await _link!.PublishAsync(_topics.Result, answer, retain: false, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A clean disconnect suppresses the will, so "offline" is said first (best effort: the broker may be gone).</summary>
    private async Task SayGoodbyeAsync(MqttConnection link)
    {
        if (!link.IsConnected)
        {
            return;
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            if (options.Value.Announce)
            {
                await link.PublishAsync(_topics!.Availability, Encoding.UTF8.GetBytes(MqttTopics.Offline), retain: true, patience.Token).ConfigureAwait(false);
            }

            await link.Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), patience.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _statePublishing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: publishing the state failed; starting again from the current state")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Broker}; topics under {BaseTopic}")]
    private static partial void LogConnected(ILogger logger, string? broker, string baseTopic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: cannot connect to {Broker}: {Reason}; trying again in {Seconds} s (the massage is not affected)")]
    private static partial void LogConnectFailed(ILogger logger, string? broker, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection lost: {Reason}; reconnecting (the massage is not affected)")]
    private static partial void LogDisconnected(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: Mqtt:Announce is false; the retained discovery configs and state under {BaseTopic} were cleared")]
    private static partial void LogRemoved(ILogger logger, string baseTopic);
}
