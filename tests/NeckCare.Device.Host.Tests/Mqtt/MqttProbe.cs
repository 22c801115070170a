using System.Text;
using MQTTnet;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>A test's own MQTT client: subscribes, keeps every message it sees, publishes commands.</summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Lock _gate = new();
    private readonly List<(string Topic, string Payload, bool Retained)> _seen = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttProbe()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_gate)
            {
                _seen.Add((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
                _arrived.TrySetResult();
            }

            return Task.CompletedTask;
        };
    }

    public static async Task<MqttProbe> ConnectAsync(MosquittoBroker broker, params string[] filters)
    {
        var probe = new MqttProbe();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8]);
        if (broker.CaFile is not null)
        {
            options.WithTlsOptions(t => t.UseTls().WithCertificateValidationHandler(_ => true));
        }

        await probe._client.ConnectAsync(options.Build());
        foreach (var filter in filters)
        {
            await probe._client.SubscribeAsync(filter);
        }

        return probe;
    }

    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>The newest payload seen on <paramref name="topic"/>, or null.</summary>
    public string? Last(string topic) => Seen.LastOrDefault(m => m.Topic == topic).Payload;

    public void Forget()
    {
        lock (_gate)
        {
            _seen.Clear();
        }
    }

    public Task PublishAsync(string topic, string payload) => _client.PublishStringAsync(topic, payload);

    public Task PublishAsync(string topic, byte[] payload) => _client.PublishBinaryAsync(topic, payload);

    /// <summary>
    /// Waits until a message matching <paramref name="match"/> has been seen. The limit only turns a
    /// message that never comes into a failure; no timing is asserted.
    /// </summary>
    public async Task<(string Topic, string Payload, bool Retained)> WaitForAsync(Func<(string Topic, string Payload, bool Retained), bool> match, string what, int from = 0)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var found = _seen.Skip(from).FirstOrDefault(match);
                if (found.Topic is not null)
                {
                    return found;
                }

                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = _arrived.Task;
            }

            var left = limit - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"never saw {what}; saw: {string.Join(" | ", Seen.Select(m => m.Topic + " " + m.Payload))}");
            try
            {
                await arrived.WaitAsync(left);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>
    /// Waits until what has been seen satisfies <paramref name="enough"/>, woken by each arriving message
    /// (no polling). The limit only turns "never" into a failure; nothing about speed is asserted.
    /// </summary>
    public async Task UntilAsync(Func<IReadOnlyList<(string Topic, string Payload, bool Retained)>, bool> enough)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (enough(_seen))
                {
                    return;
                }

                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = _arrived.Task;
            }

            var left = limit - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return; // the caller's assertion says what was missing
            }

            try
            {
                await arrived.WaitAsync(left);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
