using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Serial.Ports;

namespace NeckCare.Device.Serial;

/// <summary>Opens the port the way <see cref="SerialTransport"/> says.</summary>
public static class SerialTransports
{
    /// <summary>What Auto means on this machine.</summary>
    public static SerialTransport Resolve(SerialTransport transport) =>
        transport != SerialTransport.Auto ? transport : OperatingSystem.IsLinux() ? SerialTransport.Termios : SerialTransport.SystemIOPorts;

    public static Stream Open(string path, int baudRate, SerialTransport transport) => Resolve(transport) switch
    {
        SerialTransport.Termios => LinuxSerialPort.Open(path, baudRate),
        _ => SerialPortStream.Open(path, baudRate),
    };
}
