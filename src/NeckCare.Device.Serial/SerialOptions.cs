using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Serial;

/// <summary>The serial link to the massager's microcontroller (configuration section "Serial").</summary>
public sealed class SerialOptions
{
    public const string Section = "Serial";

    /// <summary>Device path, e.g. /dev/ttyUSB0, /dev/serial0 or a stable /dev/serial/by-id/… link.</summary>
    public string Port { get; set; } = "/dev/ttyUSB0";

    [OptionRange(9600, 921600, ErrorMessage = "Serial:BaudRate must be a standard rate between {1} and {2}.")]
    public int BaudRate { get; set; } = 115200;

    /// <summary>The device goes safe if no valid frame arrives for this long (agreed at handshake; hard ≤ 2000 ms).</summary>
    [OptionRange(250, 2000, ErrorMessage = "Serial:WatchdogMilliseconds must be between {1} and {2} ms.")]
    public int WatchdogMilliseconds { get; set; } = 1000;

    /// <summary>The host declares the link lost after this long without a valid frame from the device.</summary>
    [OptionRange(300, 1500, ErrorMessage = "Serial:LinkLostMilliseconds must be between {1} and {2} ms.")]
    public int LinkLostMilliseconds { get; set; } = 750;

    /// <summary>How the port is opened: Auto (termios on Linux, System.IO.Ports elsewhere), Termios or SystemIOPorts.</summary>
    public SerialTransport Transport { get; set; } = SerialTransport.Auto;
}

/// <summary>
/// The two ways to open a serial port. Termios is this project's own (Linux only; it blocks in read()
/// with no polling). System.IO.Ports runs on Windows and macOS too, but on Linux its read loop polls every
/// millisecond (docs/integrator-guide.md, "Serial transports"), so Auto picks it only off Linux.
/// </summary>
public enum SerialTransport
{
    Auto,
    Termios,
    SystemIOPorts,
}
