using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.Core.Control;

/// <summary>
/// The relay auto-tune's lifecycle beside a session: a tuner exists exactly while the session wants one,
/// its steps give the heater duty instead of the regulator, and a completed tune hands its gains to the
/// regulator. It only reports completion; the controller tells the session.
/// </summary>
internal sealed class AutoTuneCoordinator(HeatOptions heat, HeatRegulator regulator)
{
    private RelayAutoTuner? _tuner;
    private AutoTuneState _state = AutoTuneState.NotRun;

    public bool IsRunning => _tuner is not null;

    /// <summary>The last completed auto-tune (its gains are already in use).</summary>
    public AutoTuneResult? Last { get; private set; }

    /// <summary>Follows the session's wish: created when asked, abandoned when anything cancels it.</summary>
    public void Sync(bool wanted, HeatLevel level)
    {
        if (wanted && _tuner is null)
        {
            _tuner = new RelayAutoTuner(heat.TargetFor(level) - 1.0, heat.MaxHeaterDuty);
            _state = AutoTuneState.Running;
        }
        else if (!wanted && _tuner is not null)
        {
            _tuner = null;
            _state = AutoTuneState.Aborted;
            regulator.Reset();
        }
    }

    /// <summary>One step while running: the duty to apply, and the result when this step completed the tune.</summary>
    public double Step(double temperatureC, TimeSpan now, out AutoTuneResult? completed)
    {
        var duty = _tuner!.Update(temperatureC, now);
        completed = _tuner.Result;
        if (completed is not null)
        {
            Last = completed;
            regulator.Gains = completed.Gains;
            _tuner = null;
            _state = AutoTuneState.Completed;
            regulator.Reset();
        }

        return duty;
    }

    public AutoTuneStatus Status() => new(_state, _tuner?.PeaksSeen ?? 0, _tuner?.PeaksNeeded ?? 0, _tuner?.TargetC,
        Last?.Gains.Kp, Last?.Gains.Ki, Last?.Gains.Kd, Last?.UltimateGain, Last?.UltimatePeriodSeconds);
}
