namespace NeckCare.Device.Host.Control;

/// <summary>
/// Whatever moves the clock: the simulator's pacer (SimulationClock), or nothing on real hardware. A
/// test that moves time itself puts its own in place.
/// </summary>
public interface IClockPacer : IHostedService;
