using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>
/// Duplicate suppression on the device (PROTOCOL.md section 3): the last sequence number applied and
/// its result. The same number again is a retransmission (answer again, do not act again); an older one
/// is stale. A Hello resets it.
/// </summary>
internal sealed class DuplicateFilter
{
    private int _lastSeq = -1;

    public AckResult LastResult { get; private set; }

    public enum Verdict
    {
        New,
        Repeat,
        Stale,
    }

    public Verdict Judge(byte seq) =>
        seq == _lastSeq ? Verdict.Repeat
        : _lastSeq >= 0 && (sbyte)(seq - (byte)_lastSeq) < 0 ? Verdict.Stale
        : Verdict.New;

    public void Applied(byte seq, AckResult result)
    {
        _lastSeq = seq;
        LastResult = result;
    }

    public void Reset() => _lastSeq = -1;
}
