using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.StateMachines;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// A guard of the session table that is also the answer a person gets when it is not met: a stable
/// code, and a message (and, for values, the field and its allowed range). The API's refusals are
/// these and nothing else.
/// </summary>
public sealed class RoutineGuard : GuardCondition
{
    private readonly Func<string> _message;
    private readonly Func<string>? _allowedRange;
    private readonly Func<int?>? _retryAfter;

    private RoutineGuard(RefusalKind kind, string code, string description, Func<bool> condition, Func<string> message,
        string? field, Func<string>? allowedRange, Func<int?>? retryAfter)
        : base(condition, $"{code}: {description}")
    {
        Kind = kind;
        Code = code;
        Field = field;
        _message = message;
        _allowedRange = allowedRange;
        _retryAfter = retryAfter;
    }

    public RefusalKind Kind { get; }

    public string Code { get; }

    public string? Field { get; }

    /// <summary>A state-dependent rule: refused with 409 and <paramref name="code"/> unless <paramref name="condition"/> holds.</summary>
    public static RoutineGuard Conflict(string code, string description, Func<bool> condition, Func<string> message, Func<int?>? retryAfter = null) =>
        new(RefusalKind.Conflict, code, description, condition, message, null, null, retryAfter);

    /// <summary>A value rule: refused with 422 naming <paramref name="field"/> and its range unless <paramref name="condition"/> holds.</summary>
    public static RoutineGuard Invalid(string field, string description, Func<bool> condition, Func<string> allowedRange, Func<string> message) =>
        new(RefusalKind.Invalid, "invalid-value", description, condition, message, field, allowedRange, null);

    /// <summary>A refusal that always applies in the state it is declared in.</summary>
    public static RoutineGuard Always(string code, string message) =>
        Conflict(code, message, () => false, () => message);

    public Refusal ToRefusal() =>
        new(Kind, Code, _message(), Field, _allowedRange?.Invoke(), _retryAfter?.Invoke());
}
