namespace NeckCare.Device.History;

/// <summary>Why the history database cannot be used, in words an integrator can act on.</summary>
public sealed class HistoryOpenException : Exception
{
    public HistoryOpenException()
    {
    }

    public HistoryOpenException(string message) : base(message)
    {
    }

    public HistoryOpenException(string message, Exception inner) : base(message, inner)
    {
    }
}
