namespace NeckCare.Device.Core.Safety;

/// <summary>
/// Every fault active since the session faulted, one entry per code, in the order they latched. The
/// one shown is the most severe and specific (<see cref="FaultRanking"/>); the others stay on record,
/// and acknowledging needs every one of their causes gone.
/// </summary>
public sealed class FaultRecord
{
    private readonly List<Fault> _faults = [];

    public IReadOnlyList<Fault> All => _faults;

    public Fault? Shown { get; private set; }

    public bool IsEmpty => _faults.Count == 0;

    /// <returns>True when the fault was new to the record.</returns>
    public bool Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (_faults.Any(f => f.Code == fault.Code))
        {
            return false;
        }

        _faults.Add(fault);
        if (Shown is null || fault.Code.Outranks(Shown.Code))
        {
            Shown = fault;
        }

        return true;
    }

    public void Clear()
    {
        _faults.Clear();
        Shown = null;
    }
}
