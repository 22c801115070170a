using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;

namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// One MQTTnet client and how it is reached: the options it connects with (the last will says
/// "offline"), publishing that never waits long, and nothing secret in anything it reports.
/// </summary>
internal sealed class MqttConnection : IDisposable
{
    /// <summary>A publish or connect that takes longer than this is abandoned (the broker is away).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly MqttClientOptions _options;
    private readonly SemaphoreSlim _publishing = new(1, 1);

    public MqttConnection(MqttOptions options, MqttIdentity identity, MqttTopics topics)
    {
        ArgumentNullException.ThrowIfNull(options);
        Client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.EffectivePort)
            .WithClientId(identity.ClientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(Patience)
            .WithWillTopic(topics.Availability)
            .WithWillPayload(MqttTopics.Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(options.Username))
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        if (options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (options.CaFile is { } ca)
                {
                    tls.WithTrustChain(new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(ca)));
                }
            });
        }

        _options = builder.Build();
    }

    public IMqttClient Client { get; }

    public bool IsConnected => Client.IsConnected;

    public async Task ConnectAsync(CancellationToken ct)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        var result = await Client.ConnectAsync(_options, patience.Token).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            // A refusal is an answer, not an exception, in MQTTnet 5: make it one, with the broker's reason.
            var hint = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                ? " Check Mqtt:Username and Mqtt:Password." : "";
            throw new BrokerRefusedException($"the broker refused the connection ({result.ResultCode}).{hint}");
        }
    }

    /// <summary>The broker answered the connection with a refusal (its reason code is in the message).</summary>
    public sealed class BrokerRefusedException(string message) : Exception(message);

    /// <summary>Publishes one message; false when the broker is away or too slow (the caller publishes everything again on reconnect).</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken ct)
    {
        if (!Client.IsConnected)
        {
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(retain ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        try
        {
            await _publishing.WaitAsync(patience.Token).ConfigureAwait(false);
            try
            {
                var result = await Client.PublishAsync(message, patience.Token).ConfigureAwait(false);
                return result.IsSuccess;
            }
            finally
            {
                _publishing.Release();
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException
            && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Why a connection failed, in words for the journal: the broker's reason code, or the socket's error. Never a credential.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        BrokerRefusedException r => r.Message,
        MQTTnet.Adapter.MqttConnectingFailedException f => $"the broker refused the connection: {f.Message}",
        OperationCanceledException => $"no answer from the broker within {Patience.TotalSeconds:0} s",
        _ => (ex.InnerException ?? ex).Message,
    };

    public void Dispose()
    {
        Client.Dispose();
        _publishing.Dispose();
    }
}
