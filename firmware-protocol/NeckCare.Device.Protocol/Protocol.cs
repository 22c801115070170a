namespace NeckCare.Device.Protocol;

/// <summary>Versions and fixed limits of the wire protocol (firmware-protocol/PROTOCOL.md).</summary>
public static class ProtocolInfo
{
    public const byte Major = 1;
    public const byte Minor = 0;

    /// <summary>Largest frame before COBS: seq + type + payload + CRC.</summary>
    public const int MaxFrameLength = 64;

    public const int MaxEncodedLength = MaxFrameLength + 2; // COBS overhead + delimiter
    public const ushort DefaultWatchdogMs = 1000;
    public const ushort MaxWatchdogMs = 2000;
    public const ushort DefaultCeilingDeciC = 450;
    public const ushort MaxCeilingDeciC = 450;
    public const ushort DefaultHeaterHoldMs = 500;
    public const ushort MaxPermille = 1000;
}
