using System.Globalization;
using NeckCare.Device.Core.Hardware;

namespace NeckCare.Device.Core.Safety;

/// <summary>
/// Independent of the regulator and checked every control tick: over-temperature, sensor plausibility
/// (open, shorted, not a number, impossible jumps), stale readings, heating too slowly, heater stuck on,
/// and heat left on too long. It only judges; the controller switches off.
/// </summary>
public sealed class ThermalGuard
{
    private readonly SafetyOptions _options;
    private readonly HeatingProgressCheck _progress;
    private readonly HeaterOffWatch _off = new();
    private long _lastSample = -1;
    private TimeSpan _lastSampledAt;
    private TimeSpan _lastFreshAt;
    private double _lastC = double.NaN;
    private TimeSpan _heatOnTotal;
    private TimeSpan _lastNow;
    private TimeSpan? _lastImplausibleAt;
    private TimeSpan? _escalationArmedAt;
    private double _escalationPeakC;
    private long _linkErrorsAtFresh;
    private long _reportsAtFresh;

    /// <summary>After a bad reading, this long of good ones before a person may acknowledge.</summary>
    private static readonly TimeSpan SteadyBeforeAcknowledge = TimeSpan.FromSeconds(5);

    public ThermalGuard(SafetyOptions options)
    {
        _options = options;
        _progress = new HeatingProgressCheck(options);
    }

    /// <summary>The latest accepted temperature (NaN before the first).</summary>
    public double LastTemperatureC => _lastC;

    /// <summary>Start watching afresh (a device has just connected).</summary>
    public void Reset(TimeSpan now)
    {
        _lastSample = -1;
        _linkErrorsAtFresh = 0;
        _reportsAtFresh = 0;
        _lastSampledAt = TimeSpan.Zero;
        _lastFreshAt = now;
        _escalationArmedAt = null;
        _lastNow = now;
        _lastC = double.NaN;
        _off.Reset(now);
        _progress.Reset();
        _heatOnTotal = TimeSpan.Zero;
    }

    /// <summary>A new session: the heat-on budget starts again.</summary>
    public void StartSession() => _heatOnTotal = TimeSpan.Zero;

    /// <summary>
    /// A heat fault has latched and the heater is commanded off: from now on the pad may only cool. The
    /// sensor lags the pad, so it may go on rising for a few seconds after the cut; the highest reading of
    /// that settling window is the line, and any rise past it afterwards means the heater is not obeying.
    /// </summary>
    public void HeatFaultLatched(TimeSpan now)
    {
        if (_escalationArmedAt is null)
        {
            _escalationArmedAt = now;
            _escalationPeakC = _lastC;
        }
    }

    /// <summary>
    /// A sensor fault latched (the host's own finding or the device's): its cause counts as present from
    /// this moment, so acknowledging needs 5 s of good readings after it, even when the bad reading that
    /// made the device latch has not reached this host yet.
    /// </summary>
    public void SensorFaultLatched(TimeSpan now)
    {
        _lastImplausibleAt = now; // monotonic: never earlier than a previous one
        _off.Distrust();
    }

    /// <summary>The fault was acknowledged: back to the ordinary stuck-on rule.</summary>
    public void FaultCleared() => _escalationArmedAt = null;

    /// <summary>Whether a heat fault is being watched for a heater that goes on heating.</summary>
    public bool WatchingAfterHeatFault => _escalationArmedAt is not null;

    /// <param name="readings">The device's latest sample (possibly the same one as last tick).</param>
    /// <param name="heaterDuty">The duty the host commanded on the previous tick.</param>
    /// <param name="targetC">The regulated target while heat is requested in a running session; otherwise null.</param>
    /// <param name="now">Monotonic time.</param>
    public Trip? Check(in DeviceReadings readings, double heaterDuty, double? targetC, TimeSpan now)
    {
        var trip = Evaluate(readings, heaterDuty, targetC, now);
        // A stale sensor counts too: a reconnect starts the stale clock afresh, and a sensor that is
        // still frozen would otherwise look fine for the first second.
        if (trip?.Code.IsSensorFault() == true)
        {
            SensorFaultLatched(now);
        }

        return trip;
    }

    private Trip? Evaluate(in DeviceReadings readings, double heaterDuty, double? targetC, TimeSpan now)
    {
        var dt = (now - _lastNow).TotalSeconds;
        _lastNow = now;
        TrackHeaterTime(heaterDuty, now, dt);

        if (readings.HasSample && readings.Sample != _lastSample)
        {
            _lastSample = readings.Sample;
            var sampleGap = (readings.SampledAt - _lastSampledAt).TotalSeconds;
            _lastSampledAt = readings.SampledAt;
            _lastFreshAt = now;
            _linkErrorsAtFresh = readings.LinkErrors;
            _reportsAtFresh = readings.Reports;
            var c = readings.TemperatureC;
            if (Implausible(c) is { } bad)
            {
                _lastC = c;
                return bad;
            }

            // Never divide by less than one nominal sample period: delivery jitter (or a device clock that
            // did not move) must not turn sensor noise into an "impossible" rate, while a real jump
            // (≥ 0.5 °C in one sample) still trips. A reconnect clears the last reading, so the first
            // sample of a connection is never compared with the last of the one before.
            if (!double.IsNaN(_lastC)
                && Math.Abs(c - _lastC) / Math.Max(sampleGap, SafetyLimits.NominalSamplePeriod.TotalSeconds) > SafetyLimits.MaxRateCPerSecond)
            {
                var jump = _lastC;
                _lastC = c;
                return new Trip(FaultCode.SensorImplausible, string.Create(CultureInfo.InvariantCulture,
                    $"The temperature reading jumped from {jump:0.0} °C to {c:0.0} °C, faster than a pad can change; heat has been switched off."));
            }

            _lastC = c;
            var trusted = !(now - _lastImplausibleAt < SteadyBeforeAcknowledge);
            _off.Reading(now, c, trusted);
            if (trusted && StillHeatingAfterHeatFault(now, c, heaterDuty) is { } escalation)
            {
                return escalation;
            }
        }
        else if (now - _lastFreshAt > SafetyLimits.StaleAfter)
        {
            // The same action either way (heat off); what differs is what a person should check.
            var damaged = readings.LinkErrors - _linkErrorsAtFresh;
            if (damaged > 0)
            {
                return new Trip(FaultCode.LinkDegraded, string.Create(CultureInfo.InvariantCulture,
                    $"Readings from the massager stopped arriving: the link damaged {damaged} frames since the last one. Heat has been switched off; check the cable and its connectors."));
            }

            if (readings.Reports >= 0 && readings.Reports == _reportsAtFresh)
            {
                // Nothing arrived at all: a starved host or a silent link, not the sensor. The link check
                // (750 ms of silence) reports that; this catches a device that answers but sends no readings.
                return now - _lastFreshAt > SafetyLimits.NoReportsAfter
                    ? new Trip(FaultCode.DeviceFault, "The massager stopped sending readings; heat has been switched off.")
                    : null;
            }

            return new Trip(FaultCode.SensorStale,
                "The temperature sensor stopped responding; heat has been switched off.");
        }

        if (_lastC >= _options.OverTemperatureC)
        {
            return new Trip(FaultCode.OverTemperature, string.Create(CultureInfo.InvariantCulture,
                $"The pad reached {_lastC:0.0} °C (limit {_options.OverTemperatureC:0.0} °C); heat has been switched off."));
        }

        if (StuckOn(now) is { } stuck)
        {
            return stuck;
        }

        if (_heatOnTotal > SafetyLimits.MaxHeatOn)
        {
            return new Trip(FaultCode.HeatTimeExceeded,
                "Heat was on longer than the longest session allows; it has been switched off.");
        }

        return _progress.Check(_lastC, targetC, now, dt);
    }

    /// <summary>Null when the cause of <paramref name="code"/> is gone; otherwise why it is not.</summary>
    /// <param name="deviceCeilingC">For the device's own over-temperature: its ceiling (it clears as DeviceRules says).</param>
    public string? StillPresent(FaultCode code, TimeSpan now, double? deviceCeilingC = null) => code switch
    {
        FaultCode.DeviceOverTemperature => !DeviceRules.OverTemperatureClears(_lastC, deviceCeilingC ?? SafetyLimits.HardFirmwareCeilingC)
            ? string.Create(CultureInfo.InvariantCulture, $"the pad is still too hot for the massager's own cut-off ({_lastC:0.0} °C); let it cool down.")
            : null,
        _ when code.IsSensorFault() => now - _lastFreshAt > SafetyLimits.StaleAfter ? "the temperature sensor is still not responding."
            : Implausible(_lastC) is not null ? string.Create(CultureInfo.InvariantCulture, $"the temperature sensor still reads {_lastC:0.0} °C.")
            : now - _lastImplausibleAt < SteadyBeforeAcknowledge ? "the temperature readings have not been steady for 5 s yet."
            : null,
        FaultCode.OverTemperature => double.IsNaN(_lastC) || _lastC >= _options.OverTemperatureC - 2
            ? string.Create(CultureInfo.InvariantCulture, $"the pad is still too hot ({_lastC:0.0} °C); let it cool down.")
            : null,
        FaultCode.HeaterStuckOn => _off.RiseOver(SafetyLimits.StuckOnWindow, now, _lastC) is not { } rise || rise >= SafetyLimits.StuckOnClearedBelowC
            ? "the pad is still warming with the heater off; unplug the device."
            : null,
        _ => null,
    };

    private Trip? StillHeatingAfterHeatFault(TimeSpan now, double c, double heaterDuty)
    {
        if (_escalationArmedAt is not { } armedAt || heaterDuty > 0)
        {
            return null;
        }

        if (double.IsNaN(_escalationPeakC) || now - armedAt <= SafetyLimits.EscalationSettling)
        {
            _escalationPeakC = double.IsNaN(_escalationPeakC) ? c : Math.Max(_escalationPeakC, c);
            return null;
        }

        return c >= _escalationPeakC + SafetyLimits.EscalationRiseC
            ? new Trip(FaultCode.HeaterStuckOn, string.Create(CultureInfo.InvariantCulture,
                $"Heater stuck on: the pad kept warming ({_escalationPeakC:0.0} → {c:0.0} °C) after heat was switched off. Unplug the device now; it is not under control."))
            : null;
    }

    private static Trip? Implausible(double c) => c switch
    {
        double.NaN => new Trip(FaultCode.SensorImplausible, "The temperature sensor gave no reading; heat has been switched off."),
        < SafetyLimits.MinPlausibleC => new Trip(FaultCode.SensorOpen, string.Create(CultureInfo.InvariantCulture,
            $"The temperature sensor reads {c:0.0} °C: it seems disconnected (open circuit). Heat has been switched off.")),
        > SafetyLimits.MaxPlausibleC => new Trip(FaultCode.SensorShorted, string.Create(CultureInfo.InvariantCulture,
            $"The temperature sensor reads {c:0.0} °C: it seems short-circuited. Heat has been switched off.")),
        _ => null,
    };

    private void TrackHeaterTime(double heaterDuty, TimeSpan now, double dt)
    {
        if (heaterDuty > 0)
        {
            _heatOnTotal += TimeSpan.FromSeconds(Math.Max(0, dt));
        }

        _off.Commanded(heaterDuty, now);
    }

    private Trip? StuckOn(TimeSpan now) =>
        _off.RiseOver(SafetyLimits.StuckOnWindow, now, _lastC) >= SafetyLimits.StuckOnRiseC
            ? new Trip(FaultCode.HeaterStuckOn, "Heater stuck on: the pad keeps warming although heat is off. Unplug the device.")
            : null;
}
