using System.Threading.Channels;

namespace NeckCare.Device.Core.Hardware;

/// <summary>
/// The one hardware abstraction every backend implements (serial microcontroller, GPIO). What every
/// backend promises is checked by one contract test suite:
/// <list type="bullet">
/// <item>Output calls never block: a backend queues what it must send, so the control loop and the stop stay fast.</item>
/// <item><see cref="SetOutputs"/> is the control loop's proof of life. A backend feeds its device's
/// watchdog and renews the heater's hold only from it, never from a timer of its own, so outputs die
/// with the control loop. The controller calls it once per tick, and only from a tick that processed a fresh reading.</item>
/// <item><see cref="StopAll"/> is idempotent and works connected or not.</item>
/// <item><see cref="Read"/> returns the device's own sample counter and clock, which never go back within a connection.</item>
/// <item>Disconnecting, or losing the link, stops everything.</item>
/// <item>A backend clamps outputs to [0, 1] itself as a second line of defence.</item>
/// </list>
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

    /// <summary>Commands the outputs and proves the control loop ran on a fresh reading (see the type's remarks).</summary>
    void SetOutputs(OutputCommand outputs);

    /// <summary>Motor and heater off at once. Safe to call in any state, connected or not.</summary>
    void StopAll();

    /// <summary>Asks the device to clear the faults it latched whose cause has gone (sent when the user acknowledges).</summary>
    void ClearFaults();

    /// <summary>
    /// The latest readings the device reported. Never blocks. A backend that judges link liveness by time
    /// does it here, so the loss is seen by the control tick that reads, before anything else happens.
    /// </summary>
    DeviceReadings Read();
}
