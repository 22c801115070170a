using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial;

/// <summary>
/// Turns telemetry frames into readings. The sample counter and time are the device's own: its byte
/// sample number, widened so it never wraps within a connection, and its uptime when the sample first
/// arrived. A device whose sensor hangs keeps sending the same sample number, so the counter stops and
/// the host's stale-reading guard sees it; nothing here stamps "now".
/// </summary>
internal sealed class TelemetryTracker
{
    private byte _lastSeq;
    private uint _lastUptime;
    private int _buttonSeen = -1;

    public DeviceReadings Readings { get; private set; } = DeviceReadings.None;

    public void Reset()
    {
        Readings = DeviceReadings.None;
        _buttonSeen = -1;
        _lastUptime = 0;
    }

    /// <summary>A ButtonStop event arrived: the press it reports is counted, so the telemetry counter does not report it twice.</summary>
    public void ButtonEventSeen()
    {
        if (_buttonSeen >= 0)
        {
            _buttonSeen = (byte)(_buttonSeen + 1);
        }
    }

    /// <returns>Null when taken in; otherwise why the link must be considered lost (the device restarted).</returns>
    public string? Accept(Telemetry t, out bool buttonPressed)
    {
        buttonPressed = false;
        var first = !Readings.HasSample;
        if (!first && t.UptimeMs < _lastUptime)
        {
            return "the device restarted (its uptime went back)";
        }

        _lastUptime = t.UptimeMs;

        // A lost button event is recovered from the press counter carried by every telemetry frame.
        if (_buttonSeen < 0)
        {
            _buttonSeen = t.ButtonPresses;
        }
        else if ((byte)(t.ButtonPresses - _buttonSeen) is > 0 and < 128)
        {
            _buttonSeen = t.ButtonPresses;
            buttonPressed = true;
        }

        var sample = Readings.Sample;
        var sampledAt = Readings.SampledAt;
        if (first || t.SampleSeq != _lastSeq)
        {
            sample = first ? t.SampleSeq : sample + (byte)(t.SampleSeq - _lastSeq);
            sampledAt = TimeSpan.FromMilliseconds(t.UptimeMs);
            _lastSeq = t.SampleSeq;
        }

        Readings = new DeviceReadings(
            sample,
            sampledAt,
            t.TemperatureCentiC == Telemetry.NoReading ? double.NaN : t.TemperatureCentiC / 100.0,
            t.MotorSpeedPermille / 1000.0,
            t.MotorCurrentMilliA / 1000.0,
            t.HeaterPermille / 1000.0,
            (DeviceFaults)t.Faults);
        return null;
    }
}
