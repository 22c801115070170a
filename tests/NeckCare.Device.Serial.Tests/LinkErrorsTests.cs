using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The serial backend tells the guards how many damaged frames it dropped, so link trouble is named as such.</summary>
public class LinkErrorsTests
{
    [Fact]
    public void Damaged_frames_dropped_by_the_host_are_counted_in_the_readings_for_this_connection()
    {
        var rig = Rig.Connected();
        Assert.Equal(0, rig.Host.Read().LinkErrors);

        rig.Device.SendGarbage(300);
        rig.Tick();

        var damaged = rig.Host.Read().LinkErrors;
        Assert.True(damaged > 0);
        Assert.Equal(rig.Host.DecoderStats.Dropped, damaged);
    }

    [Fact]
    public void A_device_that_sends_only_damaged_frames_is_given_up_with_a_message_that_says_so()
    {
        var rig = Rig.Running();
        rig.Device.LinkFaults.CorruptionRate = 1.0;

        rig.RunUntil(r => r.Status.Fault is not null, TimeSpan.FromSeconds(2));

        Assert.Equal(Core.Safety.FaultCode.LinkLost, rig.Status.Fault!.Code);
        Assert.Contains("only damaged frames arrived", rig.Status.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_falls_silent_is_given_up_as_silent()
    {
        var rig = Rig.Running();
        rig.Device.Stalled = true;

        rig.RunUntil(r => r.Status.Fault is not null, TimeSpan.FromSeconds(2));

        Assert.Contains("nothing heard from the device", rig.Status.Fault!.Message, StringComparison.Ordinal);
    }
}
