using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>
/// Every ioctl number, struct size, field offset and flag bit the GPIO backend uses, checked against
/// linux/gpio.h: run natively on x86-64, and as compile-time assertions with the arm64 and armhf cross
/// compilers and their kernel headers (the honest substitute for not having a Pi here).
/// </summary>
public class KernelAbiTests
{
    private static string Probe => Path.Combine(AppContext.BaseDirectory, "gpio-probe.c");

    /// <summary>The C# values, under the probe's names.</summary>
    public static Dictionary<string, ulong> Expected() => new()
    {
        ["MaxNameSize"] = GpioUapi.MaxNameSize,
        ["LinesMax"] = GpioUapi.LinesMax,
        ["NumAttrsMax"] = GpioUapi.NumAttrsMax,
        ["ChipInfoSize"] = GpioUapi.ChipInfoSize,
        ["LineRequestSize"] = GpioUapi.LineRequestSize,
        ["LineConfigSize"] = GpioUapi.LineConfigSize,
        ["LineValuesSize"] = GpioUapi.LineValuesSize,
        ["LineEventSize"] = GpioUapi.LineEventSize,
        ["ConfigAttributeSize"] = GpioUapi.ConfigAttributeSize,
        ["ChipInfoName"] = GpioUapi.ChipInfoName,
        ["ChipInfoLabel"] = GpioUapi.ChipInfoLabel,
        ["ChipInfoLines"] = GpioUapi.ChipInfoLines,
        ["RequestOffsets"] = GpioUapi.RequestOffsets,
        ["RequestConsumer"] = GpioUapi.RequestConsumer,
        ["RequestConfig"] = GpioUapi.RequestConfig,
        ["RequestNumLines"] = GpioUapi.RequestNumLines,
        ["RequestEventBufferSize"] = GpioUapi.RequestEventBufferSize,
        ["RequestFd"] = GpioUapi.RequestFd,
        ["ConfigFlags"] = GpioUapi.ConfigFlags,
        ["ConfigNumAttrs"] = GpioUapi.ConfigNumAttrs,
        ["ConfigAttrs"] = GpioUapi.ConfigAttrs,
        ["AttributeId"] = GpioUapi.AttributeId,
        ["AttributeValue"] = GpioUapi.AttributeValue,
        ["AttributeValueValues"] = GpioUapi.AttributeValue,
        ["AttributeValueDebounce"] = GpioUapi.AttributeValue,
        ["AttributeMask"] = GpioUapi.AttributeMask,
        ["ValuesBits"] = GpioUapi.ValuesBits,
        ["ValuesMask"] = GpioUapi.ValuesMask,
        ["EventTimestampNs"] = GpioUapi.EventTimestampNs,
        ["EventId"] = GpioUapi.EventId,
        ["EventOffset"] = GpioUapi.EventOffset,
        ["EventSeqno"] = GpioUapi.EventSeqno,
        ["EventLineSeqno"] = GpioUapi.EventLineSeqno,
        ["AttrIdFlags"] = GpioUapi.AttrIdFlags,
        ["AttrIdOutputValues"] = GpioUapi.AttrIdOutputValues,
        ["AttrIdDebounce"] = GpioUapi.AttrIdDebounce,
        ["EventRisingEdge"] = GpioUapi.EventRisingEdge,
        ["EventFallingEdge"] = GpioUapi.EventFallingEdge,
        ["GetChipInfoIoctl"] = GpioUapi.GetChipInfoIoctl,
        ["GetLineIoctl"] = GpioUapi.GetLineIoctl,
        ["LineSetConfigIoctl"] = GpioUapi.LineSetConfigIoctl,
        ["LineGetValuesIoctl"] = GpioUapi.LineGetValuesIoctl,
        ["LineSetValuesIoctl"] = GpioUapi.LineSetValuesIoctl,
        ["FlagUsed"] = (ulong)LineProperties.Used,
        ["FlagActiveLow"] = (ulong)LineProperties.ActiveLow,
        ["FlagInput"] = (ulong)LineProperties.Input,
        ["FlagOutput"] = (ulong)LineProperties.Output,
        ["FlagEdgeRising"] = (ulong)LineProperties.EdgeRising,
        ["FlagEdgeFalling"] = (ulong)LineProperties.EdgeFalling,
        ["FlagOpenDrain"] = (ulong)LineProperties.OpenDrain,
        ["FlagOpenSource"] = (ulong)LineProperties.OpenSource,
        ["FlagBiasPullUp"] = (ulong)LineProperties.BiasPullUp,
        ["FlagBiasPullDown"] = (ulong)LineProperties.BiasPullDown,
        ["FlagBiasDisabled"] = (ulong)LineProperties.BiasDisabled,
        ["FlagEventClockRealtime"] = (ulong)LineProperties.EventClockRealtime,
        ["FlagEventClockHte"] = (ulong)LineProperties.EventClockHte,
        ["O_RDWR"] = LinuxGpioKernel.O_RDWR,
        ["O_CLOEXEC"] = LinuxGpioKernel.O_CLOEXEC,
        ["O_NONBLOCK"] = LinuxGpioKernel.O_NONBLOCK,
        ["F_GETFL"] = LinuxGpioKernel.F_GETFL,
        ["F_SETFL"] = LinuxGpioKernel.F_SETFL,
        ["EAGAIN"] = LinuxGpioKernel.EAGAIN,
        ["EINTR"] = LinuxGpioKernel.EINTR,
    };

    [Fact]
    public async Task Every_value_matches_the_kernel_header_on_this_machine()
    {
        var actual = await AbiProbe.RunNativeAsync(Probe);

        Assert.Equal(592ul, actual["LineRequestSize"]);
        Assert.Equal(272ul, actual["LineConfigSize"]);
        Assert.Equal(16ul, actual["LineValuesSize"]);
        Assert.Equal(48ul, actual["LineEventSize"]);
        var expected = Expected();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, kv => Assert.True(kv.Value == actual[kv.Key], $"{kv.Key}: C# {kv.Value}, header {actual[kv.Key]}"));
    }

    [Fact]
    public Task Every_value_is_asserted_at_compile_time_natively() =>
        AbiProbe.AssertAtCompileTimeAsync("gcc", Probe, Expected());

    [Theory]
    [InlineData("arm64")]
    [InlineData("armhf")]
    public async Task Every_value_is_asserted_at_compile_time_for_the_pi(string arch)
    {
        var (_, compiler, packages) = AbiProbe.PiArchitectures.Single(a => a.Arch == arch);
        AbiProbe.RequireCompiler(compiler, packages);

        await AbiProbe.AssertAtCompileTimeAsync(compiler, Probe, Expected());
    }

    [Fact]
    public async Task A_wrong_value_fails_the_compile_time_check()
    {
        var wrong = Expected();
        wrong["LineRequestSize"] = 584; // a size seen in public code

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AbiProbe.AssertAtCompileTimeAsync("gcc", Probe, wrong));
        Assert.Contains("LineRequestSize", failure.Message, StringComparison.Ordinal);
    }
}
