using System.Globalization;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>
/// The device echoes the safety settings it applied. The host trusts none of them: each must be at or
/// below what it asked for, or the connection is refused with the setting named.
/// </summary>
internal static class HandshakeCheck
{
    /// <returns>Null when the device may be used; otherwise why not.</returns>
    public static string? Problem(Hello asked, Identify echoed)
    {
        if (echoed.ProtocolMajor != ProtocolInfo.Major)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The massager speaks protocol {echoed.ProtocolMajor}.{echoed.ProtocolMinor}; this controller needs {ProtocolInfo.Major}.x.");
        }

        return Above("watchdog", echoed.WatchdogMs, asked.WatchdogMs, "ms")
            ?? Above("temperature ceiling", echoed.CeilingDeciC / 10.0, asked.CeilingDeciC / 10.0, "°C")
            ?? Above("heater hold", echoed.HeaterHoldMs, asked.HeaterHoldMs, "ms");
    }

    private static string? Above(string setting, double echoed, double asked, string unit) =>
        echoed > asked || echoed <= 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"The massager applied a {setting} of {echoed} {unit} where {asked} {unit} was asked; refusing to use it (a safety setting must be at or below what the controller asks).")
            : null;
}
