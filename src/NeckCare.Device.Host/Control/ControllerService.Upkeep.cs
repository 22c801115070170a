
namespace NeckCare.Device.Host.Control;

/// <summary>What keeps the owner loop going: giving up after repeated failures, reconnecting the device, pacing the ticks.</summary>
internal sealed partial class ControllerService
{
    /// <summary>
    /// Latches ControllerError with outputs off, so the next tick cannot switch them on again. Failures
    /// that repeat mean the loop cannot be trusted: the process ends with a non-zero code, outputs off.
    /// </summary>
    private void Fail(Exception ex)
    {
        try
        {
            controller.Fail(ex);
            events.Publish(controller.Status);
        }
#pragma warning disable CA1031 // Even latching failed: outputs are off; ending the process is all that is left.
        catch (Exception inner)
#pragma warning restore CA1031
        {
            LogStepFailed(logger, inner);
            _consecutiveFailures = MaxConsecutiveFailures;
        }

        if (++_consecutiveFailures >= MaxConsecutiveFailures)
        {
            LogGivingUp(logger, _consecutiveFailures);
            exit.Fail(FailureExitCode);
            Close();
            lifetime.StopApplication();
        }
    }

    private async Task ConnectIfDueAsync(CancellationToken ct)
    {
        if (device.IsConnected)
        {
            return;
        }

        var now = time.GetTimestamp();
        if (_lastConnectAttempt != long.MinValue
            && time.GetElapsedTime(_lastConnectAttempt, now) < TimeSpan.FromMilliseconds(_options.ReconnectMilliseconds))
        {
            return;
        }

        _lastConnectAttempt = now;
        if (await controller.TryConnectAsync(ct).ConfigureAwait(false))
        {
            _lastConnectError = null;
            LogConnected(logger, device.Info?.Model, device.Info?.FirmwareVersion);
        }
        else if (controller.LastConnectError != _lastConnectError)
        {
            // Once per distinct reason: a device left unplugged must not fill the journal.
            _lastConnectError = controller.LastConnectError;
            LogConnectFailed(logger, controller.LastConnectError);
        }
    }

    /// <summary>
    /// The session tick whenever there is anything to regulate or time, the idle tick when the
    /// controller is quiet. A faster period restarts from now: a session that has just started gets its
    /// first tick within one session tick, not whenever the idle tick would have come. A slower one
    /// takes effect after the tick already due, which never moves later: whoever steps a manual clock
    /// may already be waiting for it.
    /// </summary>
    private void Pace()
    {
        var wanted = controller.IsQuiet ? _options.IdleTick : _options.Tick;
        var was = Interlocked.Exchange(ref _periodTicks, wanted.Ticks);
        if (wanted.Ticks == was)
        {
            return;
        }

        if (wanted.Ticks < was)
        {
            var soonest = time.GetTimestamp() + ToTimestamp(time, wanted);
            if (soonest < Interlocked.Read(ref _nextTickDue))
            {
                Interlocked.Exchange(ref _nextTickDue, soonest);
            }
        }

        tickTiming.PeriodChanged();
    }

    private static long ToTimestamp(TimeProvider clock, TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);
}
