namespace NeckCare.Device.Core.StateMachines;

/// <summary>No row permits the trigger now; <see cref="Unmet"/> is the guard that said no, when there was one.</summary>
public sealed class TransitionRefusedException : InvalidOperationException
{
    public TransitionRefusedException() { }

    public TransitionRefusedException(string message) : base(message) { }

    public TransitionRefusedException(string message, Exception inner) : base(message, inner) { }

    public TransitionRefusedException(string message, GuardCondition? unmet) : base(message) => Unmet = unmet;

    public GuardCondition? Unmet { get; }
}
