namespace NeckCare.Device.Simulator.Firmware;

/// <summary>Faults on the wire between host and emulated device, applied in both directions.</summary>
public sealed class LinkFaults
{
    /// <summary>Probability that any one byte is corrupted (a random bit pattern XORed in).</summary>
    public double CorruptionRate { get; set; }

    /// <summary>Probability that a whole frame is lost.</summary>
    public double DropRate { get; set; }

    public int Seed { get; set; } = 42;
}
