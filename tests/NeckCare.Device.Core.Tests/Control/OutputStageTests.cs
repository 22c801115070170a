using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Control;

/// <summary>The output stage on its own: ramps, direction, heat duty and the envelope where outputs leave the domain.</summary>
public class OutputStageTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly SessionOptions _options = new() { LevelRampSeconds = 2, FinishRampSeconds = 4, DirectionReversalSeconds = 60 };
    private readonly HeatOptions _heat = new() { MaxHeaterDuty = 0.6 };

    private Session NewSession(HeatLevel heat = HeatLevel.Off)
    {
        var session = new Session(_options, _time, () => true, _ => null);
        session.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        Assert.True(session.Handle(new StartSession(10, heat)).IsAccepted);
        return session;
    }

    private OutputStage NewStage() => new(_options, _heat, new HeatRegulator(_heat));

    [Fact]
    public void The_motor_ramps_toward_the_level_at_one_level_per_ramp_period()
    {
        var stage = NewStage();
        var session = NewSession(); // level 1 of 5: target speed 0.2, ramp 0.1 per second

        Assert.Equal(0.05, stage.Next(session, 0.5, () => 0).MotorSpeed, 12);
        Assert.Equal(0.15, stage.Next(session, 1.0, () => 0).MotorSpeed, 12);
        Assert.Equal(0.2, stage.Next(session, 1.0, () => 0).MotorSpeed, 12);
        Assert.Equal(MotorDirection.Clockwise, stage.Commanded.Direction);
    }

    [Fact]
    public void The_heater_gets_the_regulators_duty_clamped_to_the_configured_maximum()
    {
        var stage = NewStage();
        var session = NewSession(HeatLevel.High);

        Assert.Equal(0.25, stage.Next(session, 0.1, () => 0.25).HeaterDuty);
        Assert.Equal(0.6, stage.Next(session, 0.1, () => 5).HeaterDuty);
        Assert.Equal(0, stage.Next(session, 0.1, () => -1).HeaterDuty);
        Assert.Equal(0, stage.Next(session, 0.1, () => double.NaN).HeaterDuty);
    }

    [Fact]
    public void Without_heat_chosen_the_regulator_is_never_asked_and_the_heater_stays_off()
    {
        var stage = NewStage();
        var session = NewSession(HeatLevel.Off);

        var command = stage.Next(session, 0.1, () => throw new InvalidOperationException("asked for heat"));

        Assert.Equal(0, command.HeaterDuty);
        Assert.Null(stage.TargetFor(session));
    }

    [Fact]
    public void The_heat_target_exists_only_while_a_heated_session_runs()
    {
        var stage = NewStage();
        var session = NewSession(HeatLevel.Low);
        Assert.Equal(_heat.LowTargetC, stage.TargetFor(session));

        Assert.True(session.Handle(new PauseSession()).IsAccepted);

        Assert.Null(stage.TargetFor(session));
    }

    [Fact]
    public void Finishing_ramps_the_motor_down_from_where_it_was_and_switches_heat_off_at_once()
    {
        var stage = NewStage();
        var session = NewSession(HeatLevel.High);
        for (var i = 0; i < 4; i++)
        {
            stage.Next(session, 1.0, () => 0.5); // reaches 0.2
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        session.Advance();
        Assert.Equal(SessionState.Finishing, session.State);

        var first = stage.Next(session, 1.0, () => 0.5); // 0.2 over 4 s: 0.05 per second

        Assert.Equal(0.15, first.MotorSpeed, 12);
        Assert.Equal(0, first.HeaterDuty);
        Assert.Equal(0.1, stage.Next(session, 1.0, () => 0.5).MotorSpeed, 12);
    }

    [Fact]
    public void A_counter_clockwise_ramp_is_commanded_counter_clockwise_and_standstill_clockwise()
    {
        var stage = NewStage();
        var session = NewSession();
        _time.Advance(TimeSpan.FromSeconds(60)); // second reversal interval: counter-clockwise
        session.Advance();
        Assert.Equal(MotorDirection.CounterClockwise, session.Direction);

        var command = stage.Next(session, 1.0, () => 0);

        Assert.Equal(-0.1, stage.SignedSpeed, 12);
        Assert.Equal(0.1, command.MotorSpeed, 12);
        Assert.Equal(MotorDirection.CounterClockwise, command.Direction);
        stage.Cut();
        Assert.Equal(OutputCommand.Off, stage.Commanded);
        Assert.Equal(0, stage.SignedSpeed);
        Assert.Equal(MotorDirection.Clockwise, stage.Next(NewSession(), 0, () => 0).Direction);
    }

    [Fact]
    public void Outside_a_running_session_every_output_is_cut()
    {
        var stage = NewStage();
        var session = NewSession(HeatLevel.High);
        stage.Next(session, 1.0, () => 0.5);

        Assert.True(session.Handle(new StopSession()).IsAccepted);
        var command = stage.Next(session, 1.0, () => 0.5);

        Assert.Equal(OutputCommand.Off, command);
        Assert.Equal(0, stage.SignedSpeed);
    }

    [Fact]
    public void A_cut_starts_the_heat_regulator_afresh()
    {
        var heat = new HeatOptions { Kp = 0, Ki = 0.5, Kd = 0 };
        var regulator = new HeatRegulator(heat);
        var stage = new OutputStage(_options, heat, regulator);
        regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1);
        Assert.Equal(0.5, regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1));

        stage.Cut();

        Assert.Equal(0, regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1)); // primed again
    }

    [Fact]
    public void Finishing_starts_the_heat_regulator_afresh()
    {
        var heat = new HeatOptions { Kp = 0, Ki = 0.5, Kd = 0 };
        var regulator = new HeatRegulator(heat);
        var stage = new OutputStage(_options, heat, regulator);
        var session = NewSession();
        _time.Advance(TimeSpan.FromMinutes(10));
        session.Advance();
        regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1);
        regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1);

        stage.Next(session, 0.1, () => 0);

        Assert.Equal(0, regulator.Update(HeatLevel.Low, heat.LowTargetC - 1, 1));
    }
}
