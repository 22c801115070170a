namespace NeckCare.Device.Core.Control;

/// <summary>How a command was answered. A refused command changed nothing.</summary>
public sealed record CommandResult(Refusal? Refusal)
{
    public static CommandResult Accepted { get; } = new((Refusal?)null);

    public bool IsAccepted => Refusal is null;

    public static CommandResult Conflict(string code, string message, int? retryAfterSeconds = null) =>
        new(new Refusal(RefusalKind.Conflict, code, message, null, null, retryAfterSeconds));

    public static CommandResult Invalid(string field, string allowedRange, string message) =>
        new(new Refusal(RefusalKind.Invalid, "invalid-value", message, field, allowedRange, null));
}

/// <summary>Why a command was refused, in words a person understands.</summary>
/// <param name="Kind">Conflict: not possible in the current state. Invalid: a value outside its allowed range.</param>
/// <param name="Code">A stable machine-readable code, e.g. "warm-up".</param>
/// <param name="Message">What went wrong and what to do.</param>
/// <param name="Field">The request field at fault (Invalid only).</param>
/// <param name="AllowedRange">The allowed values of that field, e.g. "5–15".</param>
/// <param name="RetryAfterSeconds">When waiting helps (warm-up), how long.</param>
public sealed record Refusal(RefusalKind Kind, string Code, string Message, string? Field, string? AllowedRange, int? RetryAfterSeconds);

public enum RefusalKind
{
    Conflict,
    Invalid,
}
