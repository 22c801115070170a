namespace NeckCare.Device.Cli;

/// <summary>
/// Input the CLI cannot use (an address that is not one, a token with characters no token has, a file
/// it cannot write): printed as one sentence with exit code 2, never a stack trace.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
