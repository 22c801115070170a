using System.Diagnostics;
using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>The encoder's bytes against the same structs filled in C through the header's own fields.</summary>
public class GpioEncodingTests
{
    private static async Task<Dictionary<string, byte[]>> CStructsAsync()
    {
        var binary = Path.Combine(Path.GetTempPath(), $"gpio-request-probe-{Guid.NewGuid():N}");
        try
        {
            await RunAsync("gcc", "-std=c11", "-Wall", "-Werror", "-o", binary, Path.Combine(AppContext.BaseDirectory, "gpio-request-probe.c"));
            return (await RunAsync(binary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));
        }
        finally
        {
            File.Delete(binary);
        }
    }

    [Fact]
    public async Task A_line_request_is_encoded_byte_for_byte_as_the_header_lays_it_out()
    {
        var c = await CStructsAsync();
        var request = new byte[GpioUapi.LineRequestSize];

        GpioEncoding.EncodeRequest(request,
        [
            new LineSettings(23, LineProperties.Output),
            new LineSettings(22, LineProperties.Output, Initial: true),
            new LineSettings(24, LineProperties.Input | LineProperties.ActiveLow | LineProperties.BiasPullUp | LineProperties.EdgeRising, Debounce: TimeSpan.FromMilliseconds(10)),
            new LineSettings(25, LineProperties.Input | LineProperties.EdgeRising),
        ], "neckcare", eventBufferSize: 64);

        Assert.Equal(Convert.ToHexString(c["request"]), Convert.ToHexString(request));
    }

    [Fact]
    public async Task Values_are_encoded_and_events_and_chip_info_decoded_as_the_header_lays_them_out()
    {
        var c = await CStructsAsync();
        var values = new byte[GpioUapi.LineValuesSize];

        GpioEncoding.EncodeValues(values, bits: 0b10, mask: 0b11);

        Assert.Equal(Convert.ToHexString(c["values"]), Convert.ToHexString(values));
        Assert.Equal(new GpioEdgeEvent(123456789012345, Rising: true, Offset: 25, Seqno: 7, LineSeqno: 3), GpioEncoding.DecodeEvent(c["event"]));
        Assert.Equal(("gpiochip0", "pinctrl-rp1", 54u), GpioEncoding.DecodeChipInfo(c["chipinfo"]));
    }

    [Fact]
    public void Values_outside_the_mask_are_never_sent()
    {
        var values = new byte[GpioUapi.LineValuesSize];

        GpioEncoding.EncodeValues(values, bits: ulong.MaxValue, mask: 0b100);

        Assert.Equal(0b100ul, GpioEncoding.DecodeValueBits(values));
    }

    [Fact]
    public void A_request_the_kernel_cannot_hold_is_refused_before_any_ioctl()
    {
        var request = new byte[GpioUapi.LineRequestSize];

        Assert.Throws<ArgumentOutOfRangeException>(() => GpioEncoding.EncodeRequest(request, [], "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioEncoding.EncodeRequest(request,
            [.. Enumerable.Range(0, 65).Select(i => new LineSettings((uint)i, LineProperties.Input))], "x"));
        var manyDebounces = Enumerable.Range(0, 11).Select(i => new LineSettings((uint)i, LineProperties.Input, Debounce: TimeSpan.FromMilliseconds(i + 1))).ToList();
        Assert.Throws<ArgumentException>(() => GpioEncoding.EncodeRequest(request, manyDebounces, "x"));
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file}: {await error}");
        return await output;
    }
}
