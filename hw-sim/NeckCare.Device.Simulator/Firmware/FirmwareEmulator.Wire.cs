using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>The emulator's side of the wire: encoding, the injected link faults, the byte counts.</summary>
public sealed partial class FirmwareEmulator
{
    private void Send(Message message)
    {
        if (Stalled || _link is null)
        {
            return;
        }

        if (LinkFaults.DropRate > 0 && _random.NextDouble() < LinkFaults.DropRate)
        {
            return;
        }

        var n = FrameEncoder.EncodeForWire(_seq++, message, _tx);
        Corrupt(_tx.AsSpan(0, n));
        Write(_tx.AsSpan(0, n));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _link?.Write(bytes);
            BytesSent += bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _link = null; // nobody at the other end; the reader loop will notice too
        }
    }

    private void Corrupt(Span<byte> bytes)
    {
        if (LinkFaults.CorruptionRate <= 0)
        {
            return;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (_random.NextDouble() < LinkFaults.CorruptionRate)
            {
                bytes[i] ^= (byte)_random.Next(1, 256);
            }
        }
    }
}
