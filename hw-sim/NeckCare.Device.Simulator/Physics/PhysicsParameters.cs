namespace NeckCare.Device.Simulator.Physics;

/// <summary>
/// Figures of a plausible 25 W heated kneading pad. With them a pad on the neck goes from 30 °C to 41 °C
/// in about 80 s at full power and needs about 9 W (36 % duty) to hold 41 °C.
/// </summary>
public sealed record PhysicsParameters
{
    public double HeaterPowerW { get; init; } = 25.0;
    public double HeatCapacityJPerK { get; init; } = 160.0;
    public double SkinConductanceWPerK { get; init; } = 0.6;
    public double SkinC { get; init; } = 34.0;
    public double AirConductanceWPerK { get; init; } = 0.3;
    public double LiftedAirConductanceWPerK { get; init; } = 0.45;
    public double AirC { get; init; } = 25.0;
    public double InitialPadC { get; init; } = 30.0;
    public double ExternalHeatW { get; init; } = 20.0;

    /// <summary>The sensor sits a little away from the element: a first-order lag.</summary>
    public double SensorLagSeconds { get; init; } = 4.0;
    public double DetachedSensorLagSeconds { get; init; } = 15.0;
    public double SensorNoiseC { get; init; } = 0.03;

    public double MotorTimeConstantSeconds { get; init; } = 0.3;
    public double MotorIdleCurrentA { get; init; } = 0.15;
    public double MotorLoadCurrentA { get; init; } = 0.55;
    public double MotorStallCurrentA { get; init; } = 2.4;

    public double StepSeconds { get; init; } = 0.01;
    public double SamplePeriodSeconds { get; init; } = 0.1;
    public int Seed { get; init; } = 1234;
}
