using NeckCare.Device.Core.Hardware;

namespace NeckCare.Device.Simulator.Physics;

/// <summary>
/// The physical model behind every simulated device: a motor whose speed follows the command with a
/// time constant, a heated pad losing heat to skin and air, a lagging noisy sensor, and injectable
/// faults. It knows nothing of hosts or protocols; callers step it in simulated seconds.
/// </summary>
public sealed class MassagerPhysics
{
    private readonly PhysicsParameters _p;
    private readonly Random _random;
    private double _sinceSample;

    public MassagerPhysics(PhysicsParameters? parameters = null)
    {
        _p = parameters ?? new PhysicsParameters();
        _random = new Random(_p.Seed);
        PadC = _p.InitialPadC;
        SensorC = _p.InitialPadC;
        SampleC = _p.InitialPadC;
    }

    public PhysicsParameters Parameters => _p;

    public SimulatedFault Faults { get; set; }

    /// <summary>Commanded motor speed in [0, 1] and direction.</summary>
    public double MotorCommand { get; set; }

    public MotorDirection Direction { get; set; }

    /// <summary>Commanded heater duty in [0, 1].</summary>
    public double HeaterCommand { get; set; }

    public double PadC { get; private set; }

    /// <summary>The sensor body's temperature (lagging the pad), before noise and wiring faults.</summary>
    public double SensorC { get; private set; }

    /// <summary>Signed motor speed as a fraction of full speed.</summary>
    public double MotorSpeed { get; private set; }

    public double MotorCurrentA { get; private set; }

    /// <summary>The heater power actually flowing, after faults.</summary>
    public double HeaterPowerW { get; private set; }

    public double SimulatedSeconds { get; private set; }

    /// <summary>The latest sensor sample (what an ADC would report), and the simulated time it was taken.</summary>
    public double SampleC { get; private set; }

    public double SampleAtSeconds { get; private set; }

    public bool Has(SimulatedFault fault) => (Faults & fault) == fault;

    /// <summary>Advances the model by <paramref name="seconds"/> in fixed internal steps.</summary>
    public void Run(double seconds)
    {
        var remaining = seconds;
        while (remaining > 1e-12)
        {
            var dt = Math.Min(_p.StepSeconds, remaining);
            Step(dt);
            remaining -= dt;
        }
    }

    private void Step(double dt)
    {
        SimulatedSeconds += dt;
        StepMotor(dt);
        StepThermal(dt);
        _sinceSample += dt;
        if (_sinceSample >= _p.SamplePeriodSeconds - 1e-9)
        {
            _sinceSample = 0;
            if (!Has(SimulatedFault.SensorFrozen))
            {
                SampleC = ReadSensor();
                SampleAtSeconds = SimulatedSeconds;
            }
        }
    }

    private void StepMotor(double dt)
    {
        var command = Math.Clamp(MotorCommand, 0, 1);
        var target = Direction == MotorDirection.Clockwise ? command : -command;
        if (Has(SimulatedFault.MotorJam))
        {
            MotorSpeed = 0;
            MotorCurrentA = command > 0 ? _p.MotorIdleCurrentA + (_p.MotorStallCurrentA * command) : 0;
            return;
        }

        MotorSpeed += (target - MotorSpeed) * Math.Min(1, dt / _p.MotorTimeConstantSeconds);
        MotorCurrentA = command > 0 || Math.Abs(MotorSpeed) > 0.01
            ? _p.MotorIdleCurrentA + (_p.MotorLoadCurrentA * Math.Abs(MotorSpeed))
            : 0;
    }

    private void StepThermal(double dt)
    {
        var duty = Has(SimulatedFault.HeaterStuckOn) ? 1.0 : Math.Clamp(HeaterCommand, 0, 1);
        var power = duty * _p.HeaterPowerW * (Has(SimulatedFault.HeaterHalfPower) ? 0.5 : 1.0);
        HeaterPowerW = power;
        var lifted = Has(SimulatedFault.LiftedOff);
        var toSkin = lifted ? 0 : _p.SkinConductanceWPerK * (PadC - _p.SkinC);
        var toAir = (lifted ? _p.LiftedAirConductanceWPerK : _p.AirConductanceWPerK) * (PadC - _p.AirC);
        var external = Has(SimulatedFault.ExternalHeat) ? _p.ExternalHeatW : 0;
        PadC += (power + external - toSkin - toAir) * dt / _p.HeatCapacityJPerK;

        var (towards, lag) = Has(SimulatedFault.SensorDetached)
            ? (_p.AirC, _p.DetachedSensorLagSeconds)
            : (PadC, _p.SensorLagSeconds);
        SensorC += (towards - SensorC) * Math.Min(1, dt / lag);
    }

    private double ReadSensor()
    {
        if (Has(SimulatedFault.SensorOpen))
        {
            return -40.0;
        }

        if (Has(SimulatedFault.SensorShorted))
        {
            return 150.0;
        }

        if (Has(SimulatedFault.SensorNoReading))
        {
            return double.NaN;
        }

        var glitch = Has(SimulatedFault.SensorGlitch) ? 8.0 : 0.0;
        return SensorC + glitch + (Gaussian() * _p.SensorNoiseC);
    }

    private double Gaussian()
    {
        // Box–Muller; deterministic for a given seed so tests and benchmarks repeat exactly.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
