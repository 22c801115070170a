using System.Globalization;
using System.Text;

namespace NeckCare.Device.Core.StateMachines;

/// <summary>
/// Draws a table as a Mermaid stateDiagram-v2: superstates as composite states, guarded rows with their
/// guards in brackets, internal transitions as self-loops. Ignored triggers and refusals are left out;
/// they are listed as text by whoever documents the table.
/// </summary>
public static class MermaidExport
{
    public static string ToMermaid<TState, TTrigger>(this StateMachine<TState, TTrigger> machine, TState? initial = null)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(machine);
        var sb = new StringBuilder();
        sb.Append("stateDiagram-v2\n");
        var hierarchy = machine.Hierarchy;
        foreach (var top in Enum.GetValues<TState>().Where(s => hierarchy.TryGetValue(s, out var up) && up is null && HasChildren(hierarchy, s)))
        {
            Composite(sb, hierarchy, top, 1);
        }

        if (initial is { } first)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    [*] --> {first}\n");
        }

        foreach (var rule in machine.Rules.Where(r => r.Kind is RuleKind.Transition or RuleKind.Internal))
        {
            var label = rule.IsGuarded
                ? $"{rule.Trigger} [{string.Join(", ", rule.Guards.Select(g => g.Description))}]"
                : rule.Trigger.ToString();
            sb.Append(CultureInfo.InvariantCulture, $"    {rule.Source} --> {rule.Destination} : {label}\n");
        }

        return sb.ToString();
    }

    private static bool HasChildren<TState>(IReadOnlyDictionary<TState, TState?> hierarchy, TState state)
        where TState : struct, Enum =>
        hierarchy.Values.Any(up => up is { } u && EqualityComparer<TState>.Default.Equals(u, state));

    private static void Composite<TState>(StringBuilder sb, IReadOnlyDictionary<TState, TState?> hierarchy, TState state, int depth)
        where TState : struct, Enum
    {
        var indent = new string(' ', 4 * depth);
        sb.Append(CultureInfo.InvariantCulture, $"{indent}state {state} {{\n");
        foreach (var child in Enum.GetValues<TState>().Where(s => hierarchy.TryGetValue(s, out var up) && up is { } u && EqualityComparer<TState>.Default.Equals(u, state)))
        {
            if (HasChildren(hierarchy, child))
            {
                Composite(sb, hierarchy, child, depth + 1);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"{indent}    {child}\n");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"{indent}}}\n");
    }
}
