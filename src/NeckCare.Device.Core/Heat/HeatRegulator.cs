namespace NeckCare.Device.Core.Heat;

/// <summary>
/// Holds the pad at the chosen heat level's target. Safety is not its job (ThermalGuard's is), but it
/// never returns heat for Off, for a missing reading, or above the configured maximum duty.
/// </summary>
public sealed class HeatRegulator
{
    private readonly HeatOptions _options;
    private readonly PidController _pid;
    private HeatLevel _lastLevel;

    public HeatRegulator(HeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pid = new PidController(options.Gains, options.MaxHeaterDuty);
    }

    public PidGains Gains
    {
        get => _pid.Gains;
        set => _pid.Gains = value;
    }

    /// <returns>Heater duty in [0, MaxHeaterDuty].</returns>
    public double Update(HeatLevel level, double temperatureC, double dtSeconds)
    {
        if (level != _lastLevel)
        {
            _pid.Reset();
            _lastLevel = level;
        }

        if (level == HeatLevel.Off)
        {
            return 0;
        }

        return _pid.Update(_options.TargetFor(level), temperatureC, dtSeconds);
    }

    public void Reset()
    {
        _pid.Reset();
        _lastLevel = HeatLevel.Off;
    }
}
