using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>The emulator's timed duties, every 10 ms step: physics, its watchdog and heater hold, its own safety rules, telemetry.</summary>
public sealed partial class FirmwareEmulator
{
    private void Step()
    {
        lock (_gate)
        {
            CatchUp();
        }
    }

    /// <summary>Runs physics and firmware duties up to now, in 10 ms steps.</summary>
    private void CatchUp()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastStepTimestamp, now);
        while (elapsed >= StepPeriod)
        {
            _lastStepTimestamp += (long)(StepPeriod.TotalSeconds * _time.TimestampFrequency);
            elapsed -= StepPeriod;
            Physics.Run(StepPeriod.TotalSeconds);
            Duties(_lastStepTimestamp);
        }
    }

    private void Duties(long now)
    {
        if (Stalled)
        {
            // A hung MCU: its hardware watchdog resets it, outputs die with the reset.
            SafeState();
            _ready = false;
            return;
        }

        if (_ready && _linkTime.GetElapsedTime(_lastValidFrame).TotalMilliseconds > _watchdogMs)
        {
            SafeState();
            _ready = false;
            Latch(DeviceFaults.WatchdogExpired);
        }

        if (Physics.HeaterCommand > 0 && _linkTime.GetElapsedTime(_heaterRefreshed).TotalMilliseconds > _heaterHoldMs)
        {
            Physics.HeaterCommand = 0; // the heater command expired: the host stopped refreshing it
            _heaterHoldLapses++;
        }

        var c = Physics.SampleC;
        if (DeviceRules.SensorFailed(c))
        {
            Physics.HeaterCommand = 0;
            Latch(DeviceFaults.SensorFault);
        }
        else if (DeviceRules.AtCeiling(c, FirmwareRules.CeilingC(_ceilingDeciC)))
        {
            Physics.HeaterCommand = 0;
            Latch(DeviceFaults.OverTemperature);
        }

        if (Physics.SampleAtSeconds != _lastSampleAt)
        {
            _lastSampleAt = Physics.SampleAtSeconds;
            _sampleSeq++;
        }

        _sinceTelemetry += StepPeriod;
        if (_sinceTelemetry >= TelemetryPeriod && _ready)
        {
            _sinceTelemetry = TimeSpan.Zero;
            SendTelemetry(now);
        }
    }

    private void Latch(DeviceFaults fault)
    {
        if ((_faults & fault) == 0)
        {
            _faults |= fault;
            Send(new DeviceEventMessage(EventKind.Fault, (byte)_faults));
        }
    }

    private void SendTelemetry(long now)
    {
        var c = Physics.SampleC;
        var centi = double.IsNaN(c) ? Telemetry.NoReading : (short)Math.Clamp(Math.Round(c * 100), short.MinValue + 1, short.MaxValue);
        Send(new Telemetry(
            (uint)_time.GetElapsedTime(_bootTimestamp, now).TotalMilliseconds,
            centi,
            _sampleSeq,
            (ushort)Math.Round(Math.Abs(Physics.MotorSpeed) * 1000),
            (ushort)Math.Round(Physics.MotorCurrentA * 1000),
            (ushort)Math.Round(Physics.HeaterCommand * 1000),
            (byte)_faults,
            _buttonPresses));
    }
}
