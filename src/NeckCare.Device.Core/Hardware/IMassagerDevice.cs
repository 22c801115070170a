using System.Threading.Channels;

namespace NeckCare.Device.Core.Hardware;

/// <summary>
/// The one hardware abstraction every backend implements (in-process simulator, serial microcontroller,
/// GPIO). Output calls never block: a backend queues what it must send, so the control loop and the
/// emergency stop stay fast. A backend clamps outputs to [0, 1] itself as a second line of defence.
/// </summary>
public interface IMassagerDevice : IAsyncDisposable
{
    /// <summary>Identity and capabilities; null while not connected.</summary>
    DeviceInfo? Info { get; }

    bool IsConnected { get; }

    /// <summary>Button presses, device-reported faults and link changes, in the order they happened.</summary>
    ChannelReader<DeviceEvent> Events { get; }

    /// <summary>Opens the link and performs the handshake. Outputs are off afterwards.</summary>
    ValueTask<DeviceInfo> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Switches outputs off and closes the link.</summary>
    ValueTask DisconnectAsync(CancellationToken cancellationToken);

    /// <summary>Motor speed as a fraction of full speed (0 = off) and kneading direction.</summary>
    void SetMotor(double speed, MotorDirection direction);

    /// <summary>Heater power as a duty fraction of full power (0 = off).</summary>
    void SetHeater(double duty);

    /// <summary>Motor and heater off at once. Safe to call in any state, connected or not.</summary>
    void StopAll();

    /// <summary>Asks the device to clear the faults it latched whose cause has gone (sent when the user acknowledges).</summary>
    void ClearFaults();

    /// <summary>The latest readings the device reported. Never blocks.</summary>
    DeviceReadings Read();
}
