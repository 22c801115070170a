namespace NeckCare.Device.Core.Safety;

/// <summary>
/// What the pad did while the heater was commanded off: the evidence for "heater stuck on". Only
/// readings that can be believed count. The sensor lags the pad, so for <see cref="SafetyLimits.EscalationSettling"/>
/// after a cut it may go on rising from heat already in the pad: those readings are not evidence. A
/// reading the plausibility check rejected, and the readings after it until the sensor has been steady
/// again, are not evidence either (a glitch that holds its offset for a second is not a warming pad).
/// A rise is judged only over a window the evidence covers whole.
/// </summary>
internal sealed class HeaterOffWatch
{
    private readonly Queue<(TimeSpan At, double C)> _history = new();
    private TimeSpan? _offSince;

    public void Reset(TimeSpan now)
    {
        _offSince = now;
        _history.Clear();
    }

    /// <summary>The duty commanded on the previous tick: any heat ends the watch, the next cut starts it afresh.</summary>
    public void Commanded(double heaterDuty, TimeSpan now)
    {
        if (heaterDuty > 0)
        {
            _offSince = null;
            _history.Clear();
        }
        else
        {
            _offSince ??= now;
        }
    }

    /// <summary>The sensor gave a reading it cannot be trusted for: nothing before it compares with what comes after.</summary>
    public void Distrust() => _history.Clear();

    /// <summary>A fresh reading; <paramref name="trusted"/> is false while the sensor has not been steady long enough.</summary>
    public void Reading(TimeSpan now, double c, bool trusted)
    {
        if (_offSince is not { } since || now - since < SafetyLimits.EscalationSettling || !trusted)
        {
            return;
        }

        _history.Enqueue((now, c));
        while (_history.Count > 0 && now - _history.Peek().At > SafetyLimits.StuckOnWindow + TimeSpan.FromSeconds(1))
        {
            _history.Dequeue();
        }
    }

    /// <summary>How much the pad rose over the last <paramref name="window"/>; null unless the evidence covers all of it.</summary>
    public double? RiseOver(TimeSpan window, TimeSpan now, double lastC)
    {
        if (_history.Count == 0 || double.IsNaN(lastC) || now - _history.Peek().At < window)
        {
            return null;
        }

        foreach (var (at, c) in _history)
        {
            if (now - at <= window)
            {
                return lastC - c;
            }
        }

        return null;
    }
}
