using System.Text;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Host.Control;
using NeckCare.Device.Host.Events;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// What the service publishes about itself: the retained discovery configs, state and fault (each only
/// when its bytes change), and telemetry. It reads the owner loop's event stream like the page does;
/// while the broker is away it skips, and the next connect publishes everything afresh.
/// </summary>
internal sealed partial class MqttStatePublisher(MqttConnection link, MqttTopics topics, MqttIdentity identity, MqttOptions options,
    ISessionGateway gateway, EventHub hub, TimeProvider time, ILogger logger) : IDisposable
{
    /// <summary>Outside a session, the pad temperature is published this often at most.</summary>
    public static readonly TimeSpan IdleTelemetryEvery = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _statePublishing = new(1, 1);
    private readonly Dictionary<string, byte[]> _published = new(StringComparer.Ordinal);
    private long _lastTelemetry = long.MinValue;

    /// <summary>Everything retained, afresh: availability, discovery, state, fault. With Mqtt:Announce false, the retained configs are cleared instead.</summary>
    public async Task AnnounceAsync(CancellationToken ct)
    {
        await _statePublishing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _published.Clear();
            if (!options.Announce)
            {
                foreach (var (component, objectId) in HomeAssistantDiscovery.Entities)
                {
                    await link.PublishAsync(topics.Config(component, objectId), [], retain: true, ct).ConfigureAwait(false);
                }

                foreach (var topic in new[] { topics.State, topics.Fault, topics.Availability })
                {
                    await link.PublishAsync(topic, [], retain: true, ct).ConfigureAwait(false);
                }

                LogRemoved(logger, topics.Base);
                return;
            }

            await link.PublishAsync(topics.Availability, Encoding.UTF8.GetBytes(MqttTopics.Online), retain: true, ct).ConfigureAwait(false);
            await PublishChangesAsync(gateway.Status, ct).ConfigureAwait(false);
        }
        finally
        {
            _statePublishing.Release();
        }
    }

    /// <summary>The owner loop's events, in order: state retained on change (not on a timer), telemetry at most once a second.</summary>
    public async Task RunAsync(CancellationToken ct)
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

                    if (!link.IsConnected || !options.Announce)
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
        var retained = HomeAssistantDiscovery.Configs(identity, topics, status, options.PageUrl)
            .Select(c => (c.Topic, c.Payload))
            .Append((topics.State, MqttPayloads.State(status)))
            .Append((topics.Fault, MqttPayloads.Fault(status)));
        foreach (var (topic, payload) in retained)
        {
            if (_published.TryGetValue(topic, out var last) && last.AsSpan().SequenceEqual(payload))
            {
                continue;
            }

            if (await link.PublishAsync(topic, payload, retain: true, ct).ConfigureAwait(false))
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
        await link.PublishAsync(topics.Telemetry, MqttPayloads.Telemetry(status), retain: false, ct).ConfigureAwait(false);
    }

    public void Dispose() => _statePublishing.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: publishing the state failed; starting again from the current state")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: Mqtt:Announce is false; the retained discovery configs and state under {BaseTopic} were cleared")]
    private static partial void LogRemoved(ILogger logger, string baseTopic);
}
