namespace NeckCare.Device.Cli;

/// <summary>What a script can tell from neckcare's exit code.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The controller refused the command (the problem's detail is printed).</summary>
    public const int Refused = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>No credential, or a wrong one: pair first (`neckcare pair &lt;link&gt;`).</summary>
    public const int Unauthorized = 3;

    /// <summary>The controller could not be reached.</summary>
    public const int Unreachable = 4;
}
