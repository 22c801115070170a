using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// Turns the session into outputs: the motor ramps toward the chosen level and direction, the heater
/// duty comes from the regulator (or the auto-tuner), and the envelope is enforced where outputs leave
/// the domain: never above full scale or the configured heater maximum, never heat without a running session.
/// </summary>
internal sealed class OutputStage(SessionOptions sessionOptions, HeatOptions heatOptions, HeatRegulator regulator)
{
    private readonly MotorRamp _ramp = new();
    private double _finishFromSpeed;

    /// <summary>What was last commanded (zero after a cut).</summary>
    public OutputCommand Commanded { get; private set; } = OutputCommand.Off;

    /// <summary>Signed motor speed (positive = clockwise).</summary>
    public double SignedSpeed => _ramp.Speed;

    public double? TargetFor(Session session) =>
        session.State.IsRunning() && session.Heat != HeatLevel.Off ? heatOptions.TargetFor(session.Heat) : null;

    /// <summary>The outputs for this tick; <paramref name="heatDuty"/> supplies the duty while heat runs.</summary>
    public OutputCommand Next(Session session, double dt, Func<double> heatDuty)
    {
        var state = session.State;
        double duty;
        if (state.IsRunning())
        {
            var sign = session.Direction == MotorDirection.Clockwise ? 1 : -1;
            var target = sign * (double)session.Level / session.MaxLevel;
            var rate = 1.0 / session.MaxLevel / sessionOptions.LevelRampSeconds;
            _ramp.Step(target, rate, dt);
            _finishFromSpeed = Math.Abs(_ramp.Speed);
            duty = TargetFor(session) is null ? 0 : heatDuty();
        }
        else if (state == SessionState.Finishing)
        {
            // Ramp down over FinishRampSeconds from wherever the motor was; heat goes off at once.
            _ramp.Step(0, _finishFromSpeed / sessionOptions.FinishRampSeconds, dt);
            duty = 0;
            regulator.Reset();
        }
        else
        {
            Cut();
            return Commanded;
        }

        var speed = Math.Clamp(Math.Abs(_ramp.Speed), 0, 1);
        duty = state.IsRunning() && !double.IsNaN(duty) ? Math.Clamp(duty, 0, heatOptions.MaxHeaterDuty) : 0;
        Commanded = new OutputCommand(speed, _ramp.Speed >= 0 ? MotorDirection.Clockwise : MotorDirection.CounterClockwise, duty);
        return Commanded;
    }

    public void Cut()
    {
        _ramp.Stop();
        regulator.Reset();
        Commanded = OutputCommand.Off;
    }
}
