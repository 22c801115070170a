using System.Text;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Host.Mqtt;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>How command messages are read, before anything is asked of the session.</summary>
public class MqttCommandReadingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("PRESS")]
    [InlineData("anything at all")]
    [InlineData("\u00ff")]
    public void Stop_is_read_as_a_stop_whatever_its_payload(string payload)
    {
        Assert.IsType<StopSession>(MqttCommands.Read("stop", Encoding.UTF8.GetBytes(payload)).Session);
    }

    [Fact]
    public void Stop_is_honoured_even_with_a_payload_too_long_for_any_other_command()
    {
        Assert.IsType<StopSession>(MqttCommands.Read("stop", new byte[10_000]).Session);
        Assert.True(MqttCommands.Read("start", new byte[65]).Malformed);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3.0", 3)]
    [InlineData(" 2 ", 2)]
    [InlineData("0", 0)]
    [InlineData("99", 99)]
    public void Intensity_takes_a_whole_number_and_leaves_its_range_to_the_table(string payload, int level)
    {
        Assert.Equal(new SetIntensity(level), MqttCommands.Read("intensity", Encoding.UTF8.GetBytes(payload)).Session);
    }

    [Theory]
    [InlineData("intensity", "2.5")]
    [InlineData("intensity", "NaN")]
    [InlineData("intensity", "1e20")]
    [InlineData("intensity", "")]
    [InlineData("heat", "Medium")]
    [InlineData("start", "now")]
    [InlineData("guided-release", "yes")]
    [InlineData("start/extra", "")]
    [InlineData("reboot", "")]
    public void Anything_else_is_malformed_with_a_reason(string name, string payload)
    {
        var read = MqttCommands.Read(name, Encoding.UTF8.GetBytes(payload));

        Assert.True(read.Malformed);
        Assert.Null(read.Session);
        Assert.False(string.IsNullOrWhiteSpace(read.Problem));
    }

    [Fact]
    public void Heat_names_are_read_in_any_letter_case_as_the_API_reads_them()
    {
        Assert.Equal(new SetHeat(HeatLevel.Low), MqttCommands.Read("heat", "low"u8).Session);
        Assert.Equal(new SetHeat(HeatLevel.High), MqttCommands.Read("heat", "High"u8).Session);
    }

    [Fact]
    public void Start_uses_the_persons_defaults_and_the_switch_sets_guided_release()
    {
        Assert.True(MqttCommands.Read("start", "PRESS"u8).StartWithDefaults);
        Assert.True(MqttCommands.Read("guided-release", "on"u8).GuidedRelease);
        Assert.False(MqttCommands.Read("guided-release", "OFF"u8).GuidedRelease);
    }

    [Fact]
    public void Text_that_is_not_UTF8_is_malformed()
    {
        Assert.True(MqttCommands.Read("heat", [0xff, 0xfe]).Malformed);
    }
}
