using System.Globalization;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Host.Configuration;

/// <summary>
/// The rules that tie options together (docs/routine.md section 4): the host trip stays at least 2 °C above
/// the highest target, the firmware ceiling at or above the host trip, Low at or below High, and time
/// scaling never reaches real hardware.
/// </summary>
internal sealed class EnvelopeValidator(IOptions<HeatOptions> heat, IOptions<HardwareOptions> hardware, IOptions<SimulatorOptions> simulator)
    : IValidateOptions<SafetyOptions>
{
    public ValidateOptionsResult Validate(string? name, SafetyOptions options)
    {
        var failures = new List<string>();
        var h = heat.Value;
        var lowestTrip = h.HighestTargetC + SafetyLimits.MinMarginAboveTargetC;
        if (options.OverTemperatureC < lowestTrip)
        {
            failures.Add(Fmt($"Safety:OverTemperatureC must be between {lowestTrip:0.0} and {SafetyLimits.HardOverTemperatureC:0.0} °C: at least {SafetyLimits.MinMarginAboveTargetC:0} °C above the highest heat target (Heat:HighTargetC = {h.HighestTargetC:0.0} °C). It is {options.OverTemperatureC:0.0} °C; lower the heat target or raise the trip."));
        }

        if (options.FirmwareCeilingC < options.OverTemperatureC)
        {
            failures.Add(Fmt($"Safety:FirmwareCeilingC must be between {options.OverTemperatureC:0.0} and {SafetyLimits.HardFirmwareCeilingC:0.0} °C: not below Safety:OverTemperatureC. It is {options.FirmwareCeilingC:0.0} °C."));
        }

        if (h.LowTargetC > h.HighTargetC)
        {
            failures.Add(Fmt($"Heat:LowTargetC must be between 30.0 and {h.HighTargetC:0.0} °C: not above Heat:HighTargetC. It is {h.LowTargetC:0.0} °C."));
        }

        if (hardware.Value.Backend != HardwareBackend.Simulator && Math.Abs(simulator.Value.TimeScale - 1.0) > double.Epsilon)
        {
            failures.Add("Simulator:TimeScale must be 1 unless Hardware:Backend is Simulator: real hardware runs in real time.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
