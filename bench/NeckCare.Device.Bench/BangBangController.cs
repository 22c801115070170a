namespace NeckCare.Device.Bench;

/// <summary>
/// What cheap heating pads do: full power below target − hysteresis/2, off above target + hysteresis/2.
/// The baseline the regulation benchmark compares the PID against; not part of the product.
/// </summary>
public sealed class BangBangController(double hysteresisC, double outputMax)
{
    private bool _on;

    public double Update(double setpoint, double measurement)
    {
        if (double.IsNaN(measurement))
        {
            _on = false;
        }
        else if (measurement <= setpoint - (hysteresisC / 2))
        {
            _on = true;
        }
        else if (measurement >= setpoint + (hysteresisC / 2))
        {
            _on = false;
        }

        return _on ? outputMax : 0;
    }
}
