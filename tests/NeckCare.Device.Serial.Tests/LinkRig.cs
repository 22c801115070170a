using NeckCare.Device.Core.Control;
using NeckCare.Device.Simulator.Harness;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The simulator's protocol harness, with the assertions the tests share.</summary>
internal sealed class LinkRig(Func<ProtocolHarness, CancellationToken, ValueTask<Stream>>? openLink = null) : ProtocolHarness(openLink)
{
    public static async Task<LinkRig> ConnectedAsync()
    {
        var rig = new LinkRig();
        await rig.ConnectAsync();
        return rig;
    }

    public new async Task<TimeSpan> RunUntilAsync(Func<ProtocolHarness, bool> condition, TimeSpan limit) =>
        await base.RunUntilAsync(condition, limit)
        ?? throw new Xunit.Sdk.XunitException($"not reached within {limit}: state {Status.State}, fault {Status.Fault?.Code}, device {Device}");

    public void Accept(SessionCommand command)
    {
        var result = Controller.Handle(command);
        Assert.True(result.IsAccepted, result.Refusal?.Message);
    }

    /// <summary>Every output the device applied was one the host sent: no wrong actuation.</summary>
    public void AssertNoWrongActuation()
    {
        var sent = Host.SentOutputsLog!;
        var wrong = Device.Applied.Where(a => !sent.Contains(a)).ToList();
        Assert.True(wrong.Count == 0, $"device applied {wrong.Count} outputs the host never sent, e.g. {wrong.FirstOrDefault()}");
    }
}
