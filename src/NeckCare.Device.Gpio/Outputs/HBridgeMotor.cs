using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio.Lines;
using NeckCare.Device.Gpio.Pwm;

namespace NeckCare.Device.Gpio.Outputs;

/// <summary>
/// A DC motor on a DRV8833 or TB6612FNG H-bridge: speed as PWM on one input (IN1 forward, IN2
/// reverse, or one PWM with a direction line), and an enable/standby line that is high only while the
/// motor is driven. Before a reversal both inputs go low and the motor coasts for a moment, so the
/// bridge never brakes a spinning motor into the opposite direction.
/// </summary>
public sealed class HBridgeMotor(
    SysfsPwmChannel forward,
    SysfsPwmChannel? reverse,
    GpioLines lines,
    uint enableLine,
    uint? directionLine,
    TimeSpan coast)
{
    private MotorDirection _direction = MotorDirection.Clockwise;
    private bool _running;
    private TimeSpan _coastUntil = TimeSpan.MinValue;

    /// <summary>The speed it drives now, after clamping and any coasting.</summary>
    public double Driving { get; private set; }

    /// <summary>Drives <paramref name="speed"/> (clamped to [0, 1]; NaN is off) in <paramref name="direction"/>.</summary>
    public void Drive(double speed, MotorDirection direction, TimeSpan now)
    {
        var clamped = double.IsNaN(speed) ? 0 : Math.Clamp(speed, 0, 1);
        if (clamped > 0 && _running && direction != _direction)
        {
            _coastUntil = now + coast;
        }

        if (clamped == 0 || now < _coastUntil)
        {
            Off();
            if (clamped > 0)
            {
                _direction = direction; // the next drive after the coast goes this way
            }

            return;
        }

        _direction = direction;
        var reversed = direction == MotorDirection.CounterClockwise;
        if (reverse is not null)
        {
            // Two PWM inputs: the idle one is held low before the other is driven.
            (reversed ? forward : reverse).Off();
            (reversed ? reverse : forward).Drive(clamped);
            lines.Set(enableLine, true);
        }
        else
        {
            lines.Set([(directionLine!.Value, reversed), (enableLine, true)]);
            forward.Drive(clamped);
        }

        _running = true;
        Driving = clamped;
    }

    /// <summary>Both inputs low and the bridge disabled: the motor coasts to a stop.</summary>
    public void Off()
    {
        Driving = 0;
        _running = false;
        var failure = Try(forward.Off);
        failure ??= reverse is null ? null : Try(reverse.Off);
        failure ??= Try(() => lines.Set(enableLine, false));
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Off without throwing: every part is attempted even when one fails.</summary>
    public void OffBestEffort()
    {
        Driving = 0;
        _running = false;
        _ = Try(forward.Off);
        _ = reverse is null ? null : Try(reverse.Off);
        _ = Try(() => lines.Set(enableLine, false));
    }

    private static Exception? Try(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return ex;
        }
    }
}
