using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>The serial backend against the firmware emulator over the lock-step in-memory link.</summary>
public class SerialBackendInMemoryContractTests : MassagerDeviceContract
{
    protected override Task<IContractSubject> CreateAsync() => Task.FromResult<IContractSubject>(new InMemorySubject());

    private sealed class InMemorySubject : IContractSubject
    {
        private readonly ManualTimeProvider _time = new();
        private readonly FirmwareEmulator _firmware;
        private LockstepLink? _link;

        public InMemorySubject()
        {
            _firmware = new FirmwareEmulator(_time);
            var host = new SerialMassager(ct =>
            {
                _link = new LockstepLink();
                _ = _firmware.ServeAsync(_link.DeviceEnd, CancellationToken.None);
                return ValueTask.FromResult(_link.HostEnd);
            }, new SerialOptions(), 45, _time);
            Device = new ConnectPumping(host, () => _link?.Pump());
        }

        public IMassagerDevice Device { get; }

        public ISimulatedMassager Hardware => new FirmwareHardware(_firmware);

        public double PhysicalMotor => _firmware.MotorCommand;

        public double PhysicalHeater => _firmware.HeaterCommand;

        public Task RunAsync(TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(10))
            {
                _link?.Pump();
                _time.Advance(TimeSpan.FromMilliseconds(10));
                _link?.Pump();
            }

            return Task.CompletedTask;
        }

        public Task BreakLinkAsync()
        {
            _link?.DeviceEnd.Dispose();
            _link?.Pump();
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await Device.DisposeAsync();
            _link?.Pump();
            _firmware.Dispose();
        }
    }
}

/// <summary>The serial backend against the firmware emulator over a real pseudo-terminal.</summary>
public class SerialBackendPtyContractTests : MassagerDeviceContract
{
    protected override Task<IContractSubject> CreateAsync() => Task.FromResult<IContractSubject>(new PtySubject(SerialTransport.Termios));

    /// <summary>The backend on a pty opened with <paramref name="transport"/>, the emulator on its master end.</summary>
    internal sealed class PtySubject(SerialTransport transport) : IContractSubject
    {
        private readonly LinkRig _rig = new((r, _) =>
        {
            var pty = PseudoTerminal.Open();
            r.AttachDevice(pty);
            return ValueTask.FromResult(SerialTransports.Open(pty.SlavePath, 115200, transport));
        });

        public IMassagerDevice Device => _rig.Host;

        public ISimulatedMassager Hardware => new FirmwareHardware(_rig.Device);

        public double PhysicalMotor => _rig.Device.MotorCommand;

        public double PhysicalHeater => _rig.Device.HeaterCommand;

        public async Task RunAsync(TimeSpan span)
        {
            await _rig.RunAsync(span, tick: false);
            if (!_rig.Host.IsConnected)
            {
                // Nothing left to settle on the host's side; give the device's reader thread a moment
                // of real time to see the last bytes or the hang-up.
                await Task.Delay(TimeSpan.FromMilliseconds(5));
            }
        }

        /// <summary>
        /// The hang-up reaches the host's reader thread through the kernel, in real time: wait for it
        /// (the limit only turns a hang into a failure; nothing about its speed is asserted).
        /// </summary>
        public async Task BreakLinkAsync()
        {
            _rig.DeviceEnd?.Dispose();
            var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (_rig.Host.IsConnected && DateTime.UtcNow < limit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5));
            }
        }

        public ValueTask DisposeAsync() => _rig.DisposeAsync();
    }
}

/// <summary>The same, with the port opened through System.IO.Ports (the transport on Windows and macOS).</summary>
public class SerialBackendSystemIOPortsContractTests : MassagerDeviceContract
{
    protected override Task<IContractSubject> CreateAsync() =>
        Task.FromResult<IContractSubject>(new SerialBackendPtyContractTests.PtySubject(SerialTransport.SystemIOPorts));
}

/// <summary>
/// The backend itself, except that connecting delivers the lock-step link's bytes until the handshake
/// is done (on a real link they would simply arrive).
/// </summary>
internal sealed class ConnectPumping(IMassagerDevice inner, Action pump) : IMassagerDevice
{
    public DeviceInfo? Info => inner.Info;

    public bool IsConnected => inner.IsConnected;

    public System.Threading.Channels.ChannelReader<DeviceEvent> Events => inner.Events;

    public async ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        var connecting = inner.ConnectAsync(cancellationToken).AsTask();
        while (!connecting.IsCompleted)
        {
            pump();
            await Task.Yield();
        }

        var info = await connecting;
        pump();
        return info;
    }

    public ValueTask DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public void SetOutputs(OutputCommand outputs) => inner.SetOutputs(outputs);

    public void StopAll() => inner.StopAll();

    public void ClearFaults() => inner.ClearFaults();

    public DeviceReadings Read() => inner.Read();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
