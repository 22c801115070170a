using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace NeckCare.Device.Host.Access;

/// <summary>
/// On the start that generated the secret, prints the pairing link once (to the console, so to the
/// journal under systemd): opening it on a phone pairs that phone. Notices about damaged files go to
/// the status, where the integrator looks.
/// </summary>
internal static class PairingLink
{
    public static void ShowPairingLinkOnFirstStart(this WebApplication app)
    {
        var credential = app.Services.GetRequiredService<ApiCredential>();
        var pairings = app.Services.GetRequiredService<Pairings>();
        // Before the owner loop starts, so the controller is still ours to touch.
        var controller = app.Services.GetRequiredService<NeckCare.Device.Core.Control.MassageController>();
        foreach (var notice in new[] { credential.Notice, pairings.Notice }.OfType<string>())
        {
            controller.AddNotice(notice);
        }

        if (!credential.Generated)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? "http://localhost:5080";
            // One write, so the logger's own lines cannot land between the words and the link.
            Console.WriteLine($"Pair a phone or browser with this link (shown once; the token is kept in {ApiCredential.FileName} in the state directory):{Environment.NewLine}  {For(address, credential.Secret)}");
        });
    }

    public static string For(string address, string secret) => $"{address.TrimEnd('/')}/#pair={Uri.EscapeDataString(secret)}";
}
