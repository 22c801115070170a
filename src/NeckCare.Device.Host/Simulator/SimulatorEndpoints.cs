using Microsoft.Extensions.Options;
using NeckCare.Device.Host.Api;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Host.Simulator;

/// <summary>
/// The simulator panel's API, present only when Hardware:Backend is Simulator (404 otherwise): inject
/// and clear each simulated fault, press the device's stop button, and change how fast time runs, so
/// app developers and testers can reach every screen. Locked like the rest of /api.
/// </summary>
internal static class SimulatorEndpoints
{
    private static readonly SimulatedFault[] Faults = [.. Enum.GetValues<SimulatedFault>().Where(f => f != SimulatedFault.None)];

    private static string FaultNames => string.Join(", ", Faults);

    public static void MapSimulator(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HardwareOptions>>().Value.Backend != HardwareBackend.Simulator)
        {
            return;
        }

        var sim = app.MapGroup("/api/v1/simulator").WithTags("Simulator");
        sim.MapGet("", (FirmwareEmulator device, SimulationSpeed speed) => TypedResults.Ok(Describe(device, speed)))
            .WithName("GetSimulator").WithSummary("Simulator mode only: the active simulated faults, every fault there is, and the time scale.");

        sim.MapPut("/time-scale", (TimeScaleRequest? body, FirmwareEmulator device, SimulationSpeed speed) =>
                body?.Scale is { } scale && speed.TrySet(scale)
                    ? Results.Ok(Describe(device, speed))
                    : Problems.Invalid("scale", "1–120", $"scale must be between 1 and 120 (was {body?.Scale?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"})."))
            .WithName("SetTimeScale").WithSummary("Simulator mode only: how many simulated seconds pass per real second (1–120).")
            .Produces<SimulatorState>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        sim.MapPost("/faults/{fault}", (string fault, FirmwareEmulator device, SimulationSpeed speed) =>
                Parse(fault) is { } f ? Change(() => device.Inject(f), device, speed) : Unknown(fault))
            .WithName("InjectFault").WithSummary("Simulator mode only: make the simulated massager develop a fault.")
            .Produces<SimulatorState>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        sim.MapDelete("/faults/{fault}", (string fault, FirmwareEmulator device, SimulationSpeed speed) =>
                Parse(fault) is { } f ? Change(() => device.Clear(f), device, speed) : Unknown(fault))
            .WithName("ClearFault").WithSummary("Simulator mode only: the simulated fault goes away.")
            .Produces<SimulatorState>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        sim.MapPost("/stop-button", (FirmwareEmulator device, SimulationSpeed speed) => Change(device.PressStopButton, device, speed))
            .WithName("PressStopButton").WithSummary("Simulator mode only: press the massager's own stop button.")
            .Produces<SimulatorState>();
    }

    private static SimulatedFault? Parse(string name) =>
        Faults.FirstOrDefault(f => string.Equals(f.ToString(), name, StringComparison.OrdinalIgnoreCase)) is var f && f != SimulatedFault.None ? f : null;

    private static IResult Change(Action change, FirmwareEmulator device, SimulationSpeed speed)
    {
        change();
        return Results.Ok(Describe(device, speed));
    }

    private static IResult Unknown(string fault) =>
        Problems.Invalid("fault", FaultNames, $"There is no simulated fault '{fault}'; there are {FaultNames}.");

    private static SimulatorState Describe(FirmwareEmulator device, SimulationSpeed speed) =>
        new(speed.Scale, [.. Faults.Where(f => device.Physics.Faults.HasFlag(f)).Select(f => f.ToString())], [.. Faults.Select(f => f.ToString())]);
}

/// <param name="Scale">Simulated seconds per real second, 1–120.</param>
public sealed record TimeScaleRequest(double? Scale);

/// <param name="TimeScale">Simulated seconds per real second.</param>
/// <param name="Active">The simulated faults in effect now.</param>
/// <param name="Available">Every simulated fault, by name.</param>
public sealed record SimulatorState(double TimeScale, IReadOnlyList<string> Active, IReadOnlyList<string> Available);
