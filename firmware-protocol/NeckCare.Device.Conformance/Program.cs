using System.CommandLine;
using NeckCare.Device.Conformance;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;

// neckcare-conformance --port /dev/ttyUSB0 [--baud 115200] [--with-button] [--transport Auto|Termios|SystemIOPorts]
var port = new Option<string>("--port") { Description = "The device's serial port, e.g. /dev/ttyUSB0 or a pty", Required = true };
var baud = new Option<int>("--baud") { Description = "Baud rate", DefaultValueFactory = _ => 115200 };
var withButton = new Option<bool>("--with-button") { Description = "Include the stop-button check: you press the button when asked" };
var transport = new Option<SerialTransport>("--transport")
{
    Description = "How to open the port: Auto (termios on Linux, System.IO.Ports on Windows and macOS), Termios or SystemIOPorts",
    DefaultValueFactory = _ => SerialTransport.Auto,
};
var root = new RootCommand("Checks a NeckCare device against the device-side rules of PROTOCOL.md and prints a pass/fail table.")
{
    port, baud, withButton, transport,
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
        link = SerialTransports.Open(parse.GetValue(port)!, parse.GetValue(baud), parse.GetValue(transport));
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
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
