using NeckCare.Device.Core;
using System.ComponentModel.DataAnnotations;

namespace NeckCare.Device.Host.Configuration;

/// <summary>The simulated massager (configuration section "Simulator").</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>How much faster than real time everything runs (simulator only): 60 makes 15 minutes last 15 s.</summary>
    [OptionRange(1.0, 120.0, ErrorMessage = "Simulator:TimeScale must be between {1} and {2}.")]
    public double TimeScale { get; set; } = 1.0;

    [OptionRange(3, 10, ErrorMessage = "Simulator:IntensityLevels must be between {1} and {2}.")]
    public int IntensityLevels { get; set; } = 5;
}
