using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.TestSupport;

/// <summary>
/// The simulated massager under a backend, whatever the backend: the physics, fault injection, the
/// stop button and what the hardware actually drives. The firmware emulator is one (serial); the
/// simulated GPIO tree is the other.
/// </summary>
public interface ISimulatedMassager
{
    MassagerPhysics Physics { get; }

    /// <summary>What actually drives the motor now, as a fraction of full speed.</summary>
    double MotorCommand { get; }

    /// <summary>What actually drives the heater now (a duty, or 1/0 for a time-proportioned line).</summary>
    double HeaterCommand { get; }

    /// <summary>The faults latched by whatever does the device's own safety (the firmware, or the GPIO backend).</summary>
    DeviceFaults Faults { get; }

    /// <summary>How long after a press the hardware has cut its outputs: at once in firmware; within one sample on GPIO.</summary>
    TimeSpan ButtonCutsWithin { get; }

    void Inject(SimulatedFault fault);

    void Clear(SimulatedFault fault);

    void PressStopButton();
}

/// <summary>The firmware emulator seen as an <see cref="ISimulatedMassager"/>.</summary>
public sealed class FirmwareHardware(FirmwareEmulator firmware) : ISimulatedMassager
{
    public MassagerPhysics Physics => firmware.Physics;

    public double MotorCommand => firmware.MotorCommand;

    public double HeaterCommand => firmware.HeaterCommand;

    public DeviceFaults Faults => firmware.Faults;

    public TimeSpan ButtonCutsWithin => TimeSpan.Zero;

    public void Inject(SimulatedFault fault) => firmware.Inject(fault);

    public void Clear(SimulatedFault fault) => firmware.Clear(fault);

    public void PressStopButton() => firmware.PressStopButton();

    public override string ToString() => firmware.ToString();
}
