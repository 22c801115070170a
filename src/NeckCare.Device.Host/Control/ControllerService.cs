using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// The single owner of the session. API calls and clock ticks arrive through one channel and are handled
/// one at a time on this loop, so the domain never sees two threads. On start-up outputs are forced
/// off before anything else; on shutdown they are switched off before the process exits.
/// </summary>
internal sealed partial class ControllerService(
    MassageController controller,
    IMassagerDevice device,
    IOptions<ControlOptions> options,
    TimeProvider time,
    TunedGainsStore gainsStore,
    IHostApplicationLifetime lifetime,
    ServiceExit exit,
    Events.EventHub events,
    TickTiming tickTiming,
    SystemdNotifier systemd,
    History.HistoryService history,
    ILogger<ControllerService> logger) : BackgroundService, ISessionGateway
{
    /// <summary>This many failed control steps in a row end the process (exit code <see cref="FailureExitCode"/>).</summary>
    public const int MaxConsecutiveFailures = 3;

    /// <summary>EX_SOFTWARE: the service manager restarts the service, and nothing resumes after a restart.</summary>
    public const int FailureExitCode = 70;

    private int _consecutiveFailures;

    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ControlOptions _options = options.Value;
    private int _tickQueued;
    private long _lastTickTimestamp;
    private long _lastConnectAttempt = long.MinValue;
    private TaskCompletionSource _nextTick = NewTick();
    private string? _lastConnectError;
    private ITimer? _ticker;
    private long _periodTicks;
    private long _ticksDue;

    public SessionStatus Status => controller.Status;

    public bool IsHealthy =>
        Volatile.Read(ref _lastTickTimestamp) is var last and not 0
        && time.GetElapsedTime(last) < TimeSpan.FromSeconds(2);

    public async Task<CommandResult> SendAsync(SessionCommand command, CancellationToken cancellationToken)
    {
        var work = new Work(command);
        if (!_work.Writer.TryWrite(work))
        {
            return CommandResult.Conflict("shutting-down", "The controller is shutting down.");
        }

        return await work.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes after the next control tick has been handled (used by tests driving a manual clock).</summary>
    public Task NextTickAsync() => Volatile.Read(ref _nextTick).Task;

    /// <summary>
    /// How many times the tick clock has fired. Whoever drives a manual clock compares it before and after
    /// a step to know whether that step owes a tick, whatever the period of the moment.
    /// </summary>
    public long TicksDue => Interlocked.Read(ref _ticksDue);

    /// <summary>The tick period of the moment: the session tick, or the idle tick while the controller is quiet.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Interlocked.Read(ref _periodTicks));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Boot: outputs off before the service reports started; nothing resumes.
        device.StopAll();
        controller.AutoTuneCompleted += gainsStore.Save;

        // The clock starts here, not in ExecuteAsync: since .NET 10 that runs wholly in the background,
        // and ticks must be counted from start-up, not from whenever the background task got going.
        // The timer's callback hands the tick straight to the owner loop: no waiter in between to wake.
        // The first tick one session tick after start (health and readiness wait for it), then the idle tick.
        var period = _options.IdleTick;
        _periodTicks = period.Ticks;
        _ticker = time.CreateTimer(static s => ((ControllerService)s!).TickDue(), this, _options.Tick, period);
        lifetime.ApplicationStarted.Register(() => systemd.Ready("Controlling the massager; outputs off until a session starts"));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        systemd.Stopping();
        _work.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        device.StopAll();
        try
        {
            await device.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            LogDisconnectFailed(logger, ex);
        }

        LogOutputsOff(logger);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticker = _ticker ?? throw new InvalidOperationException("StartAsync was not called.");
        try
        {
            await ConnectIfDueAsync(stoppingToken).ConfigureAwait(false);
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(work, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; StopAsync switches outputs off.
        }
        finally
        {
            await ticker.DisposeAsync().ConfigureAwait(false);
            device.StopAll();
        }
    }

    private async Task RunAsync(Work work, CancellationToken stoppingToken)
    {
        try
        {
            if (work.Command is { } command)
            {
                var result = controller.Handle(command);
                Pace();
                events.Publish(controller.Status); // before the caller hears back: events keep the owner's order
                history.Observe(controller.Status, controller.LastReadings);
                work.Done.TrySetResult(result);
                return;
            }

            Interlocked.Exchange(ref _tickQueued, 0);
            try
            {
                // The tick first: a device that went silent is reported by it, within the link-loss time
                // plus one tick, before a reconnect attempt (with its 500 ms handshake) can hold the loop up.
                tickTiming.TickStarted(Period);
                var fedBefore = controller.LastFedSample;
                controller.Tick();
                var outputs = controller.Status.Outputs;
                systemd.LoopRan(freshReading: controller.LastFedSample != fedBefore, outputsOff: outputs.MotorSpeed == 0 && outputs.HeaterDuty == 0);
                await ConnectIfDueAsync(stoppingToken).ConfigureAwait(false);
                Pace();
                events.Publish(controller.Status);
                history.Observe(controller.Status, controller.LastReadings);
                Volatile.Write(ref _lastTickTimestamp, time.GetTimestamp());
                _consecutiveFailures = 0;
            }
            finally
            {
                Interlocked.Exchange(ref _nextTick, NewTick()).TrySetResult();
            }
        }
#pragma warning disable CA1031 // A failed step must end with outputs off and a latched fault, whatever it threw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            device.StopAll();
            LogStepFailed(logger, ex);
            if (work.Command is not null)
            {
                work.Done.TrySetException(ex);
            }

            Fail(ex);
        }
    }

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
            _work.Writer.TryComplete();
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

    /// <summary>On the timer's thread: queue a tick unless one is already waiting.</summary>
    private void TickDue()
    {
        Interlocked.Increment(ref _ticksDue);
        // Coalesce: a slow step never builds a backlog of stale ticks.
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0 && !_work.Writer.TryWrite(Work.Tick))
        {
            Interlocked.Exchange(ref _tickQueued, 0);
        }
    }

    /// <summary>
    /// The session tick whenever there is anything to regulate or time, the idle tick when the
    /// controller is quiet. Changing the period restarts it from now: a session that has just started
    /// gets its first tick one session tick later, not whenever the idle tick would have come.
    /// </summary>
    private void Pace()
    {
        var wanted = controller.IsQuiet ? _options.IdleTick : _options.Tick;
        if (wanted.Ticks != Interlocked.Read(ref _periodTicks) && _ticker is { } ticker)
        {
            Interlocked.Exchange(ref _periodTicks, wanted.Ticks);
            ticker.Change(wanted, wanted);
            tickTiming.PeriodChanged();
        }
    }

    private static TaskCompletionSource NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Model} (firmware {Firmware})")]
    private static partial void LogConnected(ILogger logger, string? model, string? firmware);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No massager: {Reason} Retrying every second; this is logged again only if the reason changes.")]
    private static partial void LogConnectFailed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A control step failed; outputs were switched off and ControllerError latched")]
    private static partial void LogStepFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Count} control steps failed in a row; stopping the service with outputs off (exit code 70) so the service manager restarts it")]
    private static partial void LogGivingUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnecting from the massager failed during shutdown")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shut down: motor and heater are off")]
    private static partial void LogOutputsOff(ILogger logger);

    private sealed class Work(SessionCommand? command)
    {
        public static readonly Work Tick = new(null);

        public SessionCommand? Command { get; } = command;

        public TaskCompletionSource<CommandResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
