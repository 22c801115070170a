using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Simulator.Firmware;

/// <summary>
/// The device side of the wire protocol, as a massager's microcontroller would run it, over the same
/// physics as the in-process simulator. It keeps its own safety independent of the host: a watchdog
/// (outputs off when no valid frame arrives within the agreed period, and nothing resumes until a new
/// handshake), telemetry only while a handshake is active, its own temperature ceiling, heater commands that expire unless refreshed, a stop
/// button that cuts outputs locally, and range checks on every command.
/// </summary>
public sealed partial class FirmwareEmulator : IDisposable
{
    public const string FirmwareVersion = "emu-1.0";
    private static readonly TimeSpan StepPeriod = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan TelemetryPeriod = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeProvider _linkTime;
    private readonly ITimer _timer;
    private readonly FrameDecoder _decoder = new();
    private readonly byte[] _tx = new byte[ProtocolInfo.MaxEncodedLength + 1];
    private readonly Random _random;
    private readonly int _levels;
    private Stream? _link;
    private long _bootTimestamp;
    private long _lastStepTimestamp;
    private TimeSpan _sinceTelemetry;
    private bool _ready;
    private ushort _watchdogMs = ProtocolInfo.DefaultWatchdogMs;
    private ushort _ceilingDeciC = ProtocolInfo.DefaultCeilingDeciC;
    private ushort _heaterHoldMs = ProtocolInfo.DefaultHeaterHoldMs;
    private long _lastValidFrame;
    private long _heaterRefreshed;
    private readonly DuplicateFilter _duplicates = new();
    private byte _seq;
    private byte _sampleSeq;
    private double _lastSampleAt = -1;
    private byte _buttonPresses;
    private DeviceFaults _faults;
    private long _heaterHoldLapses;

    /// <param name="time">Drives physics and telemetry (scaled in a time-scaled simulation).</param>
    /// <param name="linkTime">Drives the watchdog and heater hold: link liveness is about real communication,
    /// so a time-scaled simulation keeps it on the wall clock. Defaults to <paramref name="time"/>.</param>
    /// <param name="telemetryPhase">When the first telemetry goes out (then every 100 ms): lets a test keep samples
    /// clear of the controller's ticks.</param>
    public FirmwareEmulator(TimeProvider time, MassagerPhysics? physics = null, int intensityLevels = 5, TimeProvider? linkTime = null, TimeSpan? telemetryPhase = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _linkTime = linkTime ?? time;
        Physics = physics ?? new MassagerPhysics();
        _levels = intensityLevels;
        _random = new Random(LinkFaults.Seed);
        _bootTimestamp = time.GetTimestamp();
        _lastStepTimestamp = _bootTimestamp;
        // Wakes at the telemetry rate; physics and duties still run in 10 ms steps when it catches up.
        _timer = time.CreateTimer(_ => Step(), null, telemetryPhase ?? TelemetryPeriod, TelemetryPeriod);
    }

    public MassagerPhysics Physics { get; }

    public LinkFaults LinkFaults { get; } = new();

    /// <summary>While stalled the firmware is hung: it neither reads nor sends.</summary>
    public bool Stalled { get; set; }

    public long BytesReceived { get; private set; }

    public long BytesSent { get; private set; }

    /// <summary>How often the heater was switched off because the host did not renew it within the hold time: a control loop that fell behind.</summary>
    public long HeaterHoldLapses => Locked(() => _heaterHoldLapses);

    public DecoderStats DecoderStats => _decoder.Stats;

    /// <summary>Raised (inside the firmware's lock) each time a command has been applied, before its Ack goes out.</summary>
    public event Action<Message>? CommandApplied;

    public bool Handshaken => Locked(() => _ready);

    public DeviceFaults Faults => Locked(() => _faults);

    public double MotorCommand => Locked(() => Physics.MotorCommand);

    public double HeaterCommand => Locked(() => Physics.HeaterCommand);

    /// <summary>Serves one host over <paramref name="link"/> until it closes or is cancelled. Outputs go off when it ends.</summary>
    public async Task ServeAsync(Stream link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            _link = link;
        }

        var buffer = new byte[256];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = await link.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                lock (_gate)
                {
                    if (!Stalled)
                    {
                        CatchUp();
                        Corrupt(buffer.AsSpan(0, n));
                        _decoder.Feed(buffer.AsSpan(0, n), OnFrame);
                    }

                    // Counted once processed, answers included: a count that includes a byte means its
                    // reply is already on the wire (harnesses wait on these counts).
                    BytesReceived += n;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The cable is gone: same as below.
        }
        finally
        {
            lock (_gate)
            {
                // A late-finishing old link must not take down the one that replaced it.
                if (ReferenceEquals(_link, link))
                {
                    _link = null;
                    SafeState();
                }
            }
        }
    }

    /// <summary>
    /// A firmware defect to inject: every SetOutputs is answered with this result and nothing is applied
    /// (null: the firmware behaves).
    /// </summary>
    public AckResult? RefuseOutputsWith
    {
        get => Locked(() => _refuseOutputsWith);
        set
        {
            lock (_gate)
            {
                _refuseOutputsWith = value;
            }
        }
    }

    private AckResult? _refuseOutputsWith;

        public void Inject(SimulatedFault fault) => Locked(() => Physics.Faults |= fault);

    public void Clear(SimulatedFault fault) => Locked(() => Physics.Faults &= ~fault);

    /// <summary>The physical stop button: outputs off at once, locally, then the host is told.</summary>
    public void PressStopButton()
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
            _buttonPresses++;
            // Latched: outputs the host sent before it heard of the press must not switch anything back on.
            _faults |= DeviceFaults.ButtonStop;
            Send(new DeviceEventMessage(EventKind.ButtonStop, (byte)_faults));
        }
    }

    /// <summary>A reboot: everything off, all state lost, a Boot event; the host must handshake again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            CatchUp();
            SafeState();
            _ready = false;
            _faults = DeviceFaults.None;
            _duplicates.Reset();
            _bootTimestamp = _time.GetTimestamp();
            Send(new DeviceEventMessage(EventKind.Boot, 0));
        }
    }

    /// <summary>Random bytes on the wire, as from a loose connector or a noisy line.</summary>
    public void SendGarbage(int count)
    {
        var garbage = new byte[count];
        lock (_gate)
        {
            _random.NextBytes(garbage);
            Write(garbage);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            SafeState();
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            CatchUp();
            return read();
        }
    }

    /// <summary>For diagnostics: a one-line summary of the firmware's state.</summary>
    public override string ToString() => Locked(() => string.Create(CultureInfo.InvariantCulture,
        $"ready={_ready} motor={Physics.MotorCommand:0.00} heater={Physics.HeaterCommand:0.00} T={Physics.SampleC:0.0}°C faults={_faults}"));
}
