using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio.Sensors;

namespace NeckCare.Device.Gpio;

/// <summary>The sampling half of the GPIO massager: every 100 ms one conversion, the tach, the current and the button, then the device's own rules.</summary>
public sealed partial class GpioMassager
{
    /// <summary>Every sample period: one conversion, the tach, the current and the button, then this massager's own rules.</summary>
    private void Sample()
    {
        GpioHardware? hw;
        lock (_gate)
        {
            hw = _hw;
        }

        if (hw is null)
        {
            return;
        }

        // The conversion can take milliseconds (or hang on a stuck I²C bus): never under the lock that SetOutputs needs.
        double? volts;
        try
        {
            volts = hw.Adc.ReadVolts();
        }
        catch (IOException)
        {
            volts = null; // no conversion: the sample number stands still and the stale guards see it
        }

        double current = double.NaN;
        if (hw.Current is { } sensor)
        {
            try
            {
                current = sensor.ReadAmperes();
            }
            catch (IOException)
            {
            }
        }

        lock (_gate)
        {
            if (_hw != hw)
            {
                return;
            }

            var now = _time.GetTimestamp();
            _reports++;
            try
            {
                // Reading the lines doubles as the chip's liveness check: a removed chip fails here.
                _ = hw.Lines.Get((uint)_options.StopButtonLine);
                _edges.Clear();
                hw.Lines.ReadEdges(_edges);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                Lost(ex);
                return;
            }

            if (volts is { } v)
            {
                (_ntc, _temperature) = _divider.Convert(v);
                _sample++;
                _sampledAt = _time.GetElapsedTime(_connectedAt, now);
                _lastFresh = now;
            }

            _currentA = double.IsNaN(current) ? 0 : current;
            foreach (var edge in _edges)
            {
                if (edge.Offset == (uint)_options.StopButtonLine && edge.Rising)
                {
                    StopButton();
                }
                else if (edge.Offset == (uint)_options.TachLine)
                {
                    hw.Tach?.Add(edge);
                }
            }

            _speed = hw.Tach?.Speed(KernelNanoseconds(now), hw.Motor.Driving) ?? hw.Motor.Driving;
            ApplyOwnRules(hw);
        }
    }

    /// <summary>What a firmware would refuse on its own: heat with a failed sensor, heat at the ceiling, heat on a blind regulator.</summary>
    private void ApplyOwnRules(GpioHardware hw)
    {
        if (_sample >= 0 && DeviceRules.SensorFailed(SensorC()))
        {
            hw.Heater.Off();
            Latch(DeviceFaults.SensorFault, _ntc == NtcState.Ok ? "the temperature sensor reads implausibly" : $"the thermistor reads {_ntc}");
        }
        else if (_sample >= 0 && DeviceRules.AtCeiling(_temperature, _ceilingC))
        {
            hw.Heater.Off();
            Latch(DeviceFaults.OverTemperature, string.Create(CultureInfo.InvariantCulture, $"{_temperature:0.0} °C reached the {_ceilingC:0.0} °C ceiling"));
        }

        if (!Fresh())
        {
            hw.Heater.Off();
        }
    }

    private static double? ReadDs18b20(string path)
    {
        try
        {
            return Ds18b20.Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private bool Fresh() => _lastFresh != long.MinValue && _time.GetElapsedTime(_lastFresh) <= StaleAfter;

    /// <summary>The reading the device's rules judge: NaN when the thermistor is open or shorted or the DS18B20 disagrees.</summary>
    private double SensorC() => _ntc == NtcState.Ok && !CrossCheckFails() ? _temperature : double.NaN;

    private bool CrossCheckFails() =>
        _crossCheckC is { } other && !double.IsNaN(_temperature) && Math.Abs(other - _temperature) > _options.CrossCheckToleranceC;
}
