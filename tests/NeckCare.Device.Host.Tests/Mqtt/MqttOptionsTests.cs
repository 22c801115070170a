using Microsoft.Extensions.Configuration;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>Bad MQTT options stop the service at start-up, naming the option.</summary>
public class MqttOptionsTests
{
    [Theory]
    [InlineData("Mqtt:Port", "0", "Mqtt:Port must be between 1 and 65535")]
    [InlineData("Mqtt:BaseTopic", "home/#", "Mqtt:BaseTopic must be")]
    [InlineData("Mqtt:BaseTopic", "/neckcare", "Mqtt:BaseTopic must be")]
    [InlineData("Mqtt:DiscoveryPrefix", "home assistant", "Mqtt:DiscoveryPrefix must be")]
    [InlineData("Mqtt:ClientId", "neck care!", "Mqtt:ClientId must be")]
    [InlineData("Mqtt:CaFile", "/etc/hostname", "Mqtt:CaFile is set but Mqtt:UseTls is false")]
    [InlineData("Mqtt:Password", "x", "Mqtt:Password is set without Mqtt:Username")]
    [InlineData("Mqtt:ReconnectMaxSeconds", "0", "Mqtt:ReconnectMaxSeconds must be between 1 and 600")]
    [InlineData("Mqtt:PageUrl", "not a url", "Mqtt:PageUrl must be")]
    public void A_bad_MQTT_option_is_named_with_what_it_accepts(string key, string value, string expected)
    {
        var problems = ConfigurationError.CheckBeforeBuild(Config(new() { ["Mqtt:Host"] = "broker.local", [key] = value }));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mqtt://broker.local")]
    [InlineData("broker.local:1883")]
    [InlineData("two words")]
    public void A_host_with_a_scheme_port_or_space_is_refused(string host)
    {
        var problems = ConfigurationError.CheckBeforeBuild(Config(new() { ["Mqtt:Host"] = host }));

        Assert.Contains(problems, p => p.Contains("Mqtt:Host must be", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_CA_file_is_named()
    {
        var problems = ConfigurationError.CheckBeforeBuild(Config(new() { ["Mqtt:Host"] = "broker.local", ["Mqtt:UseTls"] = "true", ["Mqtt:CaFile"] = "/nonexistent/ca.pem" }));

        Assert.Contains(problems, p => p.Contains("Mqtt:CaFile (/nonexistent/ca.pem) does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_on_the_command_line_is_refused_whether_or_not_MQTT_is_on()
    {
        var config = new ConfigurationBuilder().AddCommandLine(["--Mqtt:Username=u", "--Mqtt:Password=p"]).Build();

        var problems = ConfigurationError.CheckBeforeBuild(config);

        Assert.Contains(problems, p => p.Contains("Mqtt:Password must not be given on the command line", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("=p", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_host_MQTT_is_off_and_nothing_else_is_checked()
    {
        Assert.Empty(ConfigurationError.CheckBeforeBuild(Config(new() { ["Mqtt:BaseTopic"] = "#" })));
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
