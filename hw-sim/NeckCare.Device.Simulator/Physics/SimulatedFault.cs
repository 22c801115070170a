namespace NeckCare.Device.Simulator.Physics;

/// <summary>Faults (and disturbances) that can be injected into the simulated massager.</summary>
[Flags]
public enum SimulatedFault
{
    None = 0,

    /// <summary>Thermistor wire broken: the ADC reads the rail, about −40 °C.</summary>
    SensorOpen = 1 << 0,

    /// <summary>Thermistor shorted: the ADC reads the other rail, about 150 °C.</summary>
    SensorShorted = 1 << 1,

    /// <summary>The sensor stops producing samples (a hung ADC or I²C bus).</summary>
    SensorFrozen = 1 << 2,

    /// <summary>The sensor has come off the pad and reads room air while the pad heats.</summary>
    SensorDetached = 1 << 3,

    /// <summary>The heater's switch has failed closed: full power whatever is commanded.</summary>
    HeaterStuckOn = 1 << 4,

    /// <summary>Half of the heating element is broken: half power.</summary>
    HeaterHalfPower = 1 << 5,

    /// <summary>The kneading heads are blocked (hair, cloth, a cable): no rotation, stall current.</summary>
    MotorJam = 1 << 6,

    /// <summary>The pad is lifted off the neck: no heat drawn by skin, more lost to air.</summary>
    LiftedOff = 1 << 7,

    /// <summary>The device is covered or near a heat source: a steady 20 W flows in from outside.</summary>
    ExternalHeat = 1 << 8,

    /// <summary>A loose connector or interference: readings suddenly 8 °C off (a step no pad can make).</summary>
    SensorGlitch = 1 << 9,

    /// <summary>The ADC answers with no number at all (a failed conversion): the device reports "no reading".</summary>
    SensorNoReading = 1 << 10,
}
