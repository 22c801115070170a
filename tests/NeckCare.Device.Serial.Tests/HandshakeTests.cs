using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The host trusts none of the safety settings a device echoes: each must be at or below what was asked.</summary>
public class HandshakeTests
{
    /// <summary>Connects to a scripted device that answers Hello with <paramref name="answer"/>; returns the error, or null.</summary>
    private static async Task<string?> ConnectToDeviceAnswering(Func<Hello, byte, Identify> answer)
    {
        var link = new LockstepLink();
        var host = new SerialMassager(_ => ValueTask.FromResult(link.HostEnd), new SerialOptions(), 45.0, new TestSupport.ManualTimeProvider()); // the handshake timeout never fires on its own
        var connecting = host.ConnectAsync(CancellationToken.None).AsTask();

        var buffer = new byte[256];
        var n = await link.DeviceEnd.ReadAsync(buffer);
        Frame? hello = null;
        new FrameDecoder().Feed(buffer.AsSpan(0, n), f => hello = f);
        var tx = new byte[ProtocolInfo.MaxEncodedLength + 1];
        var written = FrameEncoder.EncodeForWire(0, answer((Hello)hello!.Value.Message, hello.Value.Seq), tx);
        link.DeviceEnd.Write(tx.AsSpan(0, written));
        link.Pump();

        try
        {
            await connecting;
            return null;
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static Identify Honest(Hello h, byte seq) =>
        new(seq, ProtocolInfo.Major, ProtocolInfo.Minor, 5, Identify.CapabilityHeater, 1, h.CeilingDeciC, h.WatchdogMs, h.HeaterHoldMs, "fake-1");

    [Fact]
    public async Task A_device_that_echoes_what_was_asked_is_accepted()
    {
        Assert.Null(await ConnectToDeviceAnswering(Honest));
    }

    [Fact]
    public async Task A_device_that_echoes_stricter_settings_is_accepted()
    {
        Assert.Null(await ConnectToDeviceAnswering((h, s) => Honest(h, s) with { CeilingDeciC = 420, WatchdogMs = 500, HeaterHoldMs = 300 }));
    }

    [Theory]
    [InlineData("ceiling", "temperature ceiling")]
    [InlineData("watchdog", "watchdog")]
    [InlineData("hold", "heater hold")]
    public async Task A_device_that_applied_a_looser_safety_setting_is_refused_naming_the_setting(string which, string named)
    {
        var error = await ConnectToDeviceAnswering((h, s) => which switch
        {
            "ceiling" => Honest(h, s) with { CeilingDeciC = (ushort)(h.CeilingDeciC + 1) },
            "watchdog" => Honest(h, s) with { WatchdogMs = (ushort)(h.WatchdogMs + 1) },
            _ => Honest(h, s) with { HeaterHoldMs = (ushort)(h.HeaterHoldMs + 1) },
        });

        Assert.NotNull(error);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_of_another_major_version_is_refused_naming_both_versions()
    {
        var error = await ConnectToDeviceAnswering((h, s) => Honest(h, s) with { ProtocolMajor = 2, ProtocolMinor = 3 });

        Assert.Contains("2.3", error, StringComparison.Ordinal);
    }
}
