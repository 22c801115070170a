namespace NeckCare.Device.Host.Simulator;

/// <summary>
/// How fast simulated time runs (1–120 × the wall clock): Simulator:TimeScale at start, changeable while
/// running from the simulator panel, so a tester can reach the end of a warm-up or a session quickly.
/// </summary>
public sealed class SimulationSpeed(double initial)
{
    public const double Slowest = 1.0, Fastest = 120.0;

    private long _bits = BitConverter.DoubleToInt64Bits(initial);

    public double Scale => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    /// <summary>False (and unchanged) when <paramref name="scale"/> is outside 1–120.</summary>
    public bool TrySet(double scale)
    {
        if (!(scale is >= Slowest and <= Fastest))
        {
            return false;
        }

        Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(scale));
        return true;
    }
}
