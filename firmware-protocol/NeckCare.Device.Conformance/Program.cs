using System.CommandLine;
using NeckCare.Device.Conformance;
using NeckCare.Device.Serial.Linux;

// neckcare-conformance --port /dev/ttyUSB0 [--baud 115200] [--with-button]
var port = new Option<string>("--port") { Description = "The device's serial port, e.g. /dev/ttyUSB0 or a pty", Required = true };
var baud = new Option<int>("--baud") { Description = "Baud rate", DefaultValueFactory = _ => 115200 };
var withButton = new Option<bool>("--with-button") { Description = "Include the stop-button check: you press the button when asked" };
var root = new RootCommand("Checks a NeckCare device against the device-side rules of PROTOCOL.md and prints a pass/fail table.")
{
    port, baud, withButton,
};
root.SetAction(async (parse, ct) =>
{
    if (!LinuxSerialPort.StandardBaudRates.Contains(parse.GetValue(baud)))
    {
        await Console.Error.WriteLineAsync($"--baud must be one of {string.Join(", ", LinuxSerialPort.StandardBaudRates.Order())}.").ConfigureAwait(false);
        return 2;
    }

    Stream link;
    try
    {
        link = LinuxSerialPort.Open(parse.GetValue(port)!, parse.GetValue(baud));
    }
    catch (IOException ex)
    {
        await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
        return 2;
    }

    await using var probe = new DeviceProbe(link, TimeProvider.System);
    Func<Task>? press = parse.GetValue(withButton)
        ? async () => await Console.Out.WriteLineAsync(">>> Press the stop button now.").ConfigureAwait(false)
        : null;
    var results = await new ConformanceSuite(probe, press).RunAsync().ConfigureAwait(false);
    await Console.Out.WriteAsync(ConformanceTable.Render(results)).ConfigureAwait(false);
    return results.Any(r => r.Outcome == Outcome.Fail) ? 1 : 0;
});
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
