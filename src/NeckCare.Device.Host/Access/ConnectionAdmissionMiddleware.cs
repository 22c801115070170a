using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// Kestrel's connection middleware for <see cref="ConnectionAdmission"/>: every accepted connection is
/// admitted or answered with a 503 problem (code <c>too-many-connections</c>) and closed, never closed
/// silently. The admission travels in the connection's items, where the API's lock marks it proven and
/// the event stream counts itself.
/// </summary>
internal static class ConnectionAdmissionMiddleware
{
    private static readonly object Key = new();

    public static ConnectionDelegate Use(ConnectionDelegate next, ConnectionAdmission admission) => async connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        using var admitted = admission.TryAdmit(address, connection.Abort, out var refusal, out var evict);
        evict?.Invoke();
        if (admitted is null)
        {
            await RefuseAsync(connection, refusal!).ConfigureAwait(false);
            return;
        }

        connection.Items[Key] = admitted;
        await next(connection).ConfigureAwait(false);
    };

    /// <summary>The admission of the connection <paramref name="http"/> came on; null off Kestrel (the test server).</summary>
    public static ConnectionAdmission.Admitted? Of(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var value) == true ? value as ConnectionAdmission.Admitted : null;

    /// <summary>
    /// A plain HTTP/1.1 answer written on the raw connection (no request has been parsed), then a
    /// half-close; what the client already sent is read briefly so closing does not reset the answer away.
    /// </summary>
    private static async Task RefuseAsync(ConnectionContext connection, string detail)
    {
        var json = $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Too many connections.","status":503,"detail":"{{detail}}","code":"too-many-connections"}""";
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"));
        try
        {
            await connection.Transport.Output.WriteAsync(head).ConfigureAwait(false);
            await connection.Transport.Output.WriteAsync(body).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            using var drain = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            while (true)
            {
                var read = await connection.Transport.Input.ReadAsync(drain.Token).ConfigureAwait(false);
                connection.Transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.Buffer.Length == 0)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException or InvalidOperationException)
        {
            // The client left or sent nothing more: the answer was written, the connection closes either way.
        }
    }
}
