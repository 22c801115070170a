using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// The single owner of the session. API calls and clock ticks are handled one at a time on the loop's own
/// thread ("control loop"), so the domain never sees two threads; commands wait in a queue, ticks come
/// when they are due. On start-up outputs are forced
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
    SystemdNotices systemd,
    History.HistoryService history,
    ILogger<ControllerService> logger) : BackgroundService, ISessionGateway
{
    /// <summary>This many failed control steps in a row end the process (exit code <see cref="FailureExitCode"/>).</summary>
    public const int MaxConsecutiveFailures = 3;

    /// <summary>EX_SOFTWARE: the service manager restarts the service, and nothing resumes after a restart.</summary>
    public const int FailureExitCode = 70;

    private int _consecutiveFailures;

    private readonly ConcurrentQueue<Work> _commands = new();
    private readonly LoopWaiter _waiter = new(time);
    private readonly ControlOptions _options = options.Value;
    private volatile bool _closed;
    private long _lastTickTimestamp;
    private long _lastConnectAttempt = long.MinValue;
    private TaskCompletionSource _nextTick = NewTick();
    private string? _lastConnectError;
    // The clock starts when the service is built, not in ExecuteAsync (since .NET 10 that runs wholly in
    // the background): the first tick one session tick later (health and readiness wait for it), then
    // the idle tick. Set once here, before anything can read it (the simulator's pacer does).
    private long _periodTicks = options.Value.IdleTick.Ticks;
    private long _nextTickDue = time.GetTimestamp() + ToTimestamp(time, options.Value.Tick);
    private long _ticksRun;

    public SessionStatus Status => controller.Status;

    public bool IsHealthy =>
        Volatile.Read(ref _lastTickTimestamp) is var last and not 0
        && time.GetElapsedTime(last) < TimeSpan.FromSeconds(2);

    public async Task<CommandResult> SendAsync(SessionCommand command, string by, CancellationToken cancellationToken)
    {
        var work = new Work(command, by);
        if (_closed)
        {
            return ShuttingDown;
        }

        _commands.Enqueue(work);
        _waiter.Wake();
        if (_closed)
        {
            // The loop ended between the check and the queue: nobody else will answer what is left.
            AnswerLeftovers();
        }

        return await work.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes after the next control tick has been handled (used by tests driving a manual clock).</summary>
    public Task NextTickAsync() => Volatile.Read(ref _nextTick).Task;

    /// <summary>
    /// When the next tick is due, as a timestamp of the loop's clock. Whoever drives a manual clock
    /// compares it with the clock after a step to know whether that step owes a tick.
    /// </summary>
    public long NextTickDue => Interlocked.Read(ref _nextTickDue);

    /// <summary>Ticks handled since start.</summary>
    public long TicksRun => Interlocked.Read(ref _ticksRun);

    /// <summary>The tick period of the moment: the session tick, or the idle tick while the controller is quiet.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Interlocked.Read(ref _periodTicks));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Boot: outputs off before the service reports started; nothing resumes.
        device.StopAll();
        controller.AutoTuneCompleted += gainsStore.Save;

        lifetime.ApplicationStarted.Register(systemd.HostStarted);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        systemd.Stopping();
        Close();
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A thread of its own, asleep until a tick is due or a command arrives (LoopWaiter).
        var loop = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                finished.TrySetResult();
            }
#pragma warning disable CA1031 // Handed to the host, which logs it and stops; outputs are already off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                finished.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "control loop",
        };
        loop.Start();
        return finished.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        using var stopping = stoppingToken.Register(Close);
        try
        {
            ConnectIfDueAsync(stoppingToken).GetAwaiter().GetResult();
            while (!_closed)
            {
                // A due tick first, then one command: however many commands queue up, a tick waits
                // for one of them at most, and a command for one tick at most.
                var now = time.GetTimestamp();
                var due = Interlocked.Read(ref _nextTickDue);
                if (now >= due)
                {
                    // Coalesce: a tick more than a period late is one tick, not a backlog of stale ones.
                    var period = ToTimestamp(time, Period);
                    Interlocked.Exchange(ref _nextTickDue, due + period > now ? due + period : now + period);
                    RunAsync(Work.Tick, stoppingToken).GetAwaiter().GetResult();
                }

                if (_commands.TryDequeue(out var work))
                {
                    RunAsync(work, stoppingToken).GetAwaiter().GetResult();
                    continue;
                }

                now = time.GetTimestamp();
                due = Interlocked.Read(ref _nextTickDue);
                if (now < due && !_closed)
                {
                    _waiter.Sleep(time.GetElapsedTime(now, due));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; StopAsync switches outputs off.
        }
        finally
        {
            device.StopAll();
            Close();
            AnswerLeftovers();
        }
    }

    private void AnswerLeftovers()
    {
        while (_commands.TryDequeue(out var left))
        {
            left.Done.TrySetResult(ShuttingDown);
        }
    }

    private void Close()
    {
        _closed = true;
        _waiter.Wake();
    }

    private async Task RunAsync(Work work, CancellationToken stoppingToken)
    {
        try
        {
            if (work.Command is { } command)
            {
                var result = controller.Handle(command);
                Pace();
                if (result.IsAccepted)
                {
                    // Who did it, then what changed: one stream for the page, SSE clients and the hub.
                    events.PublishCommand(command, work.By ?? CommandSender.Api);
                }

                events.Publish(controller.Status); // before the caller hears back: events keep the owner's order
                history.Observe(controller, work.By);
                work.Done.TrySetResult(result);
                return;
            }

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
                history.Observe(controller);
                Volatile.Write(ref _lastTickTimestamp, time.GetTimestamp());
                _consecutiveFailures = 0;
            }
            finally
            {
                Interlocked.Increment(ref _ticksRun);
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

    private static CommandResult ShuttingDown => CommandResult.Conflict("shutting-down", "The controller is shutting down.");

    private static TaskCompletionSource NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        base.Dispose();
        _waiter.Dispose();
    }

    private sealed class Work(SessionCommand? command, string? by = null)
    {
        public static readonly Work Tick = new(null);

        public SessionCommand? Command { get; } = command;

        /// <summary>Who sent the command (the history's "started by" / "ended by").</summary>
        public string? By { get; } = by;

        public TaskCompletionSource<CommandResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
