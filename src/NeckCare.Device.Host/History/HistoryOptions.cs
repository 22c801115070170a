using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.History;

/// <summary>What the history keeps (configuration section "History").</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>Fault records kept at most (the oldest go first); history erase never removes them.</summary>
    [OptionRange(10, 100_000, ErrorMessage = "History:FaultRetentionCount must be between {1} and {2}.")]
    public int FaultRetentionCount { get; set; } = 1000;

    /// <summary>Fault records older than this go.</summary>
    [OptionRange(1, 3650, ErrorMessage = "History:FaultRetentionDays must be between {1} and {2} days.")]
    public int FaultRetentionDays { get; set; } = 730;

    /// <summary>Records waiting for the writer before new ones are dropped (and counted).</summary>
    [OptionRange(16, 4096, ErrorMessage = "History:QueueCapacity must be between {1} and {2}.")]
    public int QueueCapacity { get; set; } = 256;
}
