using System.Text;
using System.Threading.Channels;
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
    MqttCommandHandler commands, History.HistoryService history, MqttHealth health, IServiceProvider services, TimeProvider time, ILogger<MqttBridge> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CommandBudget _malformedReplies = new(time, perSecond: 5, burst: 10);
    private readonly Channel<(byte[] Answer, bool Commit)> _answers = Channel.CreateBounded<(byte[] Answer, bool Commit)>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private MqttConnection? _link;
    private MqttTopics? _topics;
    private MqttStatePublisher? _state;
    private volatile bool _announceWanted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await BridgeAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // MQTT is an extra: whatever ends it must never stop the host (and with it the massage).
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            health.Connected = false;
            health.LastError = $"MQTT stopped: {ex.Message}";
            LogBridgeFailed(logger, ex);
        }
    }

    private async Task BridgeAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var identity = MqttIdentity.For(o, StateDirectory.Resolve(services));
        _topics = new MqttTopics(identity);
        health.Enabled = true;
        health.Broker = $"{o.Host}:{o.EffectivePort}";
        health.BaseTopic = _topics.Base;
        using var link = new MqttConnection(o, identity, _topics);
        _link = link;
        using var state = new MqttStatePublisher(link, _topics, identity, o, gateway, hub, time, logger);
        _state = state;
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

        var publishing = Task.Run(() => state.RunAsync(stoppingToken), CancellationToken.None);
        var answering = Task.Run(() => AnswerAsync(stoppingToken), CancellationToken.None);
        try
        {
            await KeepConnectedAsync(link, o, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await SayGoodbyeAsync(link).ConfigureAwait(false);
        await publishing.ConfigureAwait(false);
        await answering.ConfigureAwait(false);
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
                await _state!.AnnounceAsync(ct).ConfigureAwait(false);
            }

            await _wake.WaitAsync(ct).ConfigureAwait(false);
            if (_announceWanted && link.IsConnected)
            {
                _announceWanted = false;
                await _state!.AnnounceAsync(ct).ConfigureAwait(false);
            }
        }
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
        var (answer, malformed, commit) = await commands.HandleAsync(name, payload, ct).ConfigureAwait(false);
        if (!malformed || _malformedReplies.TryTake())
        {
            // Answered in order by another task: the next command (a stop) never waits for this one's commit.
            _answers.Writer.TryWrite((answer, commit));
        }
    }

    /// <summary>The answers, in the commands' order: after the history's commit where one is owed, then on the result topic.</summary>
    private async Task AnswerAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (answer, commit) in _answers.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (commit)
                {
                    try
                    {
                        await history.CommitAsync(ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogPublishFailed(logger, ex); // the history's own notice says what the disk did
                    }
                }

                await _link!.PublishAsync(_topics!.Result, answer, retain: false, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
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
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: committing the history before answering a command failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT stopped and will not reconnect until the service restarts; the massage is not affected")]
    private static partial void LogBridgeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Broker}; topics under {BaseTopic}")]
    private static partial void LogConnected(ILogger logger, string? broker, string baseTopic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: cannot connect to {Broker}: {Reason}; trying again in {Seconds} s (the massage is not affected)")]
    private static partial void LogConnectFailed(ILogger logger, string? broker, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection lost: {Reason}; reconnecting (the massage is not affected)")]
    private static partial void LogDisconnected(ILogger logger, string? reason);
}
