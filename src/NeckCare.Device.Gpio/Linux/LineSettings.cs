namespace NeckCare.Device.Gpio.Linux;

/// <summary>How one line is requested: its offset on the chip, its flags, the value an output starts at, and an input's debounce.</summary>
/// <param name="Offset">The line's offset on its chip (for the Pi's header pins, the BCM GPIO number).</param>
/// <param name="Flags">Direction, bias, edges, active-low.</param>
/// <param name="Initial">An output's value from the moment it is requested (false = inactive).</param>
/// <param name="Debounce">An input's debounce period, done by the kernel; zero for none.</param>
public readonly record struct LineSettings(uint Offset, LineProperties Flags, bool Initial = false, TimeSpan Debounce = default)
{
    public bool IsOutput => (Flags & LineProperties.Output) != 0;
}

/// <summary>One edge seen by the kernel on an input line, with the kernel's own timestamp.</summary>
/// <param name="TimestampNs">CLOCK_MONOTONIC nanoseconds when the kernel saw the edge (not when we read it).</param>
/// <param name="Rising">True for a rising (inactive → active) edge.</param>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="LineSeqno">The edge's sequence number on its line: a gap means the kernel's buffer overflowed.</param>
public readonly record struct GpioEdgeEvent(ulong TimestampNs, bool Rising, uint Offset, uint Seqno, uint LineSeqno);
