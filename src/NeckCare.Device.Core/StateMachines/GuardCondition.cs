namespace NeckCare.Device.Core.StateMachines;

/// <summary>
/// One condition of a guarded row, with the words that explain it when it is not met. A domain derives
/// from it to carry more (a refusal code, say); the machine hands back the first unmet one.
/// </summary>
public class GuardCondition(Func<bool> condition, string description)
{
    public Func<bool> Condition { get; } = condition ?? throw new ArgumentNullException(nameof(condition));

    /// <summary>What must hold, in a few words (shown in the diagram).</summary>
    public string Description { get; } = string.IsNullOrWhiteSpace(description)
        ? throw new ArgumentException("A guard needs a description.", nameof(description))
        : description;

    public bool IsMet() => Condition();

    public override string ToString() => Description;
}
