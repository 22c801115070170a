using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.Simulator.Physics;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>What a person must do before acknowledging works.</summary>
public enum AckRule
{
    /// <summary>Not a fault: nothing to acknowledge.</summary>
    NotAFault,

    /// <summary>The cause went with the cut (the heater or motor is off): acknowledge works at once.</summary>
    Immediately,

    /// <summary>Refused while the cause persists; accepted once <see cref="FaultRow.ClearCause"/> has run.</summary>
    AfterClearing,
}

/// <summary>One row of docs/fault-matrix.md as data: how to get there, what to inject, what must follow.</summary>
/// <param name="Number">The row's number in the doc.</param>
/// <param name="Setup">A rig in the situation the row starts from.</param>
/// <param name="Inject">The fault, put into the simulated device (or its link, or the host's loop).</param>
/// <param name="Within">The row's maximum reaction time, from the injection.</param>
/// <param name="Code">The fault shown; null for rows that are not faults.</param>
/// <param name="Reacted">When the reaction has happened (default: the session is Faulted).</param>
/// <param name="ClearCause">Removes the cause, for <see cref="AckRule.AfterClearing"/>.</param>
/// <param name="Verify">What else the row promises, checked right after the reaction.</param>
/// <param name="GpioWithin">A longer time on the GPIO backend, where a sensor needs it (a tach sees a stop only when pulses fail to come).</param>
public sealed record FaultRow(
    int Number,
    string Fault,
    Func<Rig> Setup,
    Action<Rig> Inject,
    TimeSpan Within,
    FaultCode? Code,
    AckRule Ack,
    Func<Rig, bool>? Reacted = null,
    Action<Rig>? ClearCause = null,
    Action<Rig>? Verify = null,
    TimeSpan? GpioWithin = null)
{
    /// <summary>The row's time on <paramref name="backend"/>: the same, unless the GPIO backend's sensing needs longer (and the doc says why).</summary>
    public TimeSpan WithinOn(RigBackend backend) => backend == RigBackend.Gpio && GpioWithin is { } g ? g : Within;

    public override string ToString() => $"{Number}: {Fault}";
}

/// <summary>The rows. Every one runs on the shipped path: SerialMassager ↔ wire protocol ↔ firmware emulator.</summary>
public static class FaultMatrix
{
    private static readonly TimeSpan Tick = Rig.TickPeriod;

    public static IReadOnlyList<FaultRow> Rows { get; } =
    [
        new(1, "Over-temperature on the host", () => Heated(HeatLevel.High, holdMinutes: 3), r => r.Hardware.Inject(SimulatedFault.ExternalHeat),
            TimeSpan.FromMinutes(2), FaultCode.OverTemperature, AckRule.AfterClearing,
            ClearCause: r => CoolBelow(r, SimulatedFault.ExternalHeat, 41.5),
            Verify: r => Assert.InRange(r.Status.Heat.TemperatureC!.Value, 44.0, 44.1)),
        new(2, "Over-temperature in the firmware", () => Heated(HeatLevel.High, firmwareCeilingC: 40.0), _ => { },
            TimeSpan.FromMinutes(2), FaultCode.DeviceOverTemperature, AckRule.AfterClearing,
            ClearCause: r => r.RunUntil(x => x.Hardware.Physics.SampleC < 36.5, TimeSpan.FromMinutes(10)),
            Verify: r => Assert.True(r.Hardware.Faults.HasFlag(DeviceFaults.OverTemperature))),
        new(3, "Sensor open", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorOpen),
            2 * Tick, FaultCode.SensorOpen, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorOpen, 6)),
        new(4, "Sensor shorted", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorShorted),
            2 * Tick, FaultCode.SensorShorted, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorShorted, 6)),
        new(5, "Implausible jump", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorGlitch),
            2 * Tick, FaultCode.SensorImplausible, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorGlitch, 6)),
        new(6, "Reading not a number", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorNoReading),
            2 * Tick, FaultCode.SensorImplausible, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorNoReading, 6)),
        new(7, "Stale temperature", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorFrozen),
            TimeSpan.FromSeconds(1.3), FaultCode.SensorStale, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorFrozen, 6)),
        new(8, "Heating too slowly: sensor detached from the start", () => Rig.Running(15, HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorDetached),
            TimeSpan.FromSeconds(30.2), FaultCode.HeatingTooSlow, AckRule.Immediately,
            Verify: r => Assert.True(r.Hardware.Physics.PadC < r.Safety.OverTemperatureC)),
        new(9, "Heater at half power", () => Rig.Running(15, HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.HeaterHalfPower),
            TimeSpan.FromMinutes(4), FaultCode.HeatingTooSlow, AckRule.Immediately),
        new(10, "Cannot hold target: sensor detached at the hold", () => Heated(HeatLevel.High, holdMinutes: 3), r => r.Hardware.Inject(SimulatedFault.SensorDetached),
            TimeSpan.FromSeconds(30), FaultCode.HeatingTooSlow, AckRule.Immediately,
            Verify: r => Assert.True(r.Hardware.Physics.PadC < 43.5, $"pad reached {r.Hardware.Physics.PadC:0.00} °C")),
        new(11, "Heater stuck on with heat off", () => Heated(HeatLevel.Off), r => r.Hardware.Inject(SimulatedFault.HeaterStuckOn),
            TimeSpan.FromSeconds(20.2), FaultCode.HeaterStuckOn, AckRule.AfterClearing,
            ClearCause: r => ClearFor(r, SimulatedFault.HeaterStuckOn, 25),
            Verify: r => Assert.False(r.Status.OutputsUnderControl)),
        new(12, "Heater stuck on while regulating at 41 °C", () => Heated(HeatLevel.High, holdMinutes: 3), r => r.Hardware.Inject(SimulatedFault.HeaterStuckOn),
            TimeSpan.FromMinutes(2), FaultCode.OverTemperature, AckRule.AfterClearing,
            ClearCause: r => CoolBelow(r, SimulatedFault.HeaterStuckOn, 41.5),
            Verify: r => Assert.True(r.Hardware.Physics.SensorC <= r.Safety.OverTemperatureC + 0.2)),
        new(13, "Stuck heater after an over-temperature trip", () => Heated(HeatLevel.High, holdMinutes: 3), r => r.Hardware.Inject(SimulatedFault.HeaterStuckOn),
            TimeSpan.FromMinutes(2), FaultCode.HeaterStuckOn, AckRule.AfterClearing,
            Reacted: r => r.Status.Fault?.Code == FaultCode.HeaterStuckOn,
            ClearCause: r => CoolBelow(r, SimulatedFault.HeaterStuckOn, 41.5),
            Verify: r =>
            {
                Assert.Contains(r.Status.Fault!.Others, f => f.Code == FaultCode.OverTemperature);
                Assert.False(r.Status.OutputsUnderControl);
                Assert.Contains("Unplug", r.Status.Fault.Message, StringComparison.Ordinal);
                Assert.True(r.Hardware.Physics.SensorC < 45.5, $"escalated late, at {r.Hardware.Physics.SensorC:0.0} °C");
            }),
        new(14, "Motor jam at a high level", () => Heated(HeatLevel.Off), r => r.Hardware.Inject(SimulatedFault.MotorJam),
            3 * Tick, FaultCode.MotorJam, AckRule.Immediately),
        new(15, "Motor jam at the lightest level", () => Running(seconds: 10), r => r.Hardware.Inject(SimulatedFault.MotorJam),
            6 * Tick, FaultCode.MotorStalled, AckRule.Immediately, GpioWithin: 7 * Tick),
        new(16, "Device unplugged mid-session", () => Heated(HeatLevel.High), r => r.Unplug(),
            Tick, FaultCode.LinkLost, AckRule.AfterClearing,
            ClearCause: r =>
            {
                r.PlugIn();
                r.RunUntil(x => x.Backend.IsConnected, TimeSpan.FromSeconds(2));
                Assert.Equal(SessionState.Faulted, r.Status.State); // nothing resumes on reconnect
            }),
        new(17, "Device unplugged while idle", Connected, r => r.Unplug(),
            Tick, null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Disconnected,
            Verify: r => Assert.Null(r.Status.Fault)),
        new(18, "Stop through the API", () => Heated(HeatLevel.High), r => r.Accept(new StopSession()),
            TimeSpan.Zero, null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Idle,
            Verify: r => r.AssertOutputsOff()),
        new(19, "Physical stop button", () => Heated(HeatLevel.High), r =>
            {
                r.Hardware.PressStopButton();
                r.Advance(r.Hardware.ButtonCutsWithin); // the firmware cuts at once; the GPIO backend within one sample
                Assert.Equal(0, r.Hardware.MotorCommand); // before the host has even heard of it
            },
            Tick, null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Idle,
            Verify: r => r.AssertOutputsOff()),
        new(20, "Control loop held up for more than 1 s", () => Heated(HeatLevel.High), r => r.Time.Advance(TimeSpan.FromSeconds(2.5)),
            Tick, FaultCode.ControlLoopStalled, AckRule.Immediately),
        new(21, "Session length reached", () => Rig.Running(5), r => r.Run(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1)),
            TimeSpan.FromSeconds(5), null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Idle,
            Verify: r => r.AssertOutputsOff()),
        new(22, "Shutdown mid-session", () => Heated(HeatLevel.High), r =>
            {
                var link = r.Link;
                r.Backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
                link?.Pump(); // what the host sent on its way out
            },
            TimeSpan.Zero, null, AckRule.NotAFault, Reacted: DeviceSafe),
        new(23, "Pad lifted off the neck and put back", () => Heated(HeatLevel.High, holdMinutes: 3), r =>
            {
                r.Hardware.Inject(SimulatedFault.LiftedOff);
                r.Run(TimeSpan.FromMinutes(2));
                r.Hardware.Clear(SimulatedFault.LiftedOff);
            },
            TimeSpan.FromMinutes(2), null, AckRule.NotAFault, Reacted: r => r.Status.Heat.TemperatureC is >= 40.5 and <= 41.5,
            Verify: r => Assert.Null(r.Status.Fault)),
        new(24, "Host stops sending (controller killed)", () => Heated(HeatLevel.High), r => r.LoopFrozen = true,
            TimeSpan.FromMilliseconds(1010), null, AckRule.NotAFault, Reacted: DeviceSafe,
            Verify: r =>
            {
                Assert.True(r.Hardware.Faults.HasFlag(DeviceFaults.WatchdogExpired));
                Assert.True(r.Kind == RigBackend.Gpio || !r.Device.Handshaken); // nothing resumes without a new handshake
            }),
        new(25, "Device stops answering", () => Heated(HeatLevel.High), r => r.Device.Stalled = true,
            TimeSpan.FromMilliseconds(900), FaultCode.LinkLost, AckRule.AfterClearing,
            ClearCause: r =>
            {
                r.Device.Stalled = false;
                r.RunUntil(x => x.Backend.IsConnected, TimeSpan.FromSeconds(3));
            }),
        new(26, "Link closed", () => Heated(HeatLevel.High), r =>
            {
                r.DevicePresent = false; // and it stays closed until it is plugged in again
                r.Link!.HostEnd.Dispose();
            },
            Tick, FaultCode.LinkLost, AckRule.AfterClearing,
            ClearCause: r =>
            {
                r.PlugIn();
                r.RunUntil(x => x.Backend.IsConnected, TimeSpan.FromSeconds(2));
            }),
        new(27, "Device reboots mid-session", () => Heated(HeatLevel.High), r => r.Device.Reset(),
            Tick, FaultCode.LinkLost, AckRule.Immediately,
            Verify: r => Assert.Contains("restarted", r.Status.Fault!.Message, StringComparison.Ordinal)),
        new(28, "1 % of bytes corrupted both ways for a whole session", () => Rig.Running(15, HeatLevel.High), r =>
            {
                r.Device.LinkFaults.CorruptionRate = 0.01;
                r.Run(TimeSpan.FromSeconds(61));
                r.Accept(new SetIntensity(4));
            },
            TimeSpan.FromMinutes(15), null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Idle,
            Verify: r =>
            {
                Assert.Null(r.Status.Fault);
                Assert.True(r.Device.DecoderStats.Dropped > 100, "corruption was not exercised");
            }),
        new(29, "Garbage bursts on the line", () => Heated(HeatLevel.Low), r =>
            {
                for (var i = 0; i < 20; i++)
                {
                    r.Device.SendGarbage(200);
                    r.Tick();
                }
            },
            Tick, null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Massaging,
            Verify: r => Assert.True(r.Host.DecoderStats.Dropped > 0)),
        new(30, "Stop button event frame lost", () => Heated(HeatLevel.Off), r =>
            {
                r.Device.LinkFaults.DropRate = 1.0;
                r.Device.PressStopButton();
                r.Device.LinkFaults.DropRate = 0;
            },
            3 * Tick, null, AckRule.NotAFault, Reacted: r => r.Status.State == SessionState.Idle),
        new(31, "Sensor fault seen by the firmware as well", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorShorted),
            2 * Tick, FaultCode.SensorShorted, AckRule.AfterClearing,
            ClearCause: r => ClearFor(r, SimulatedFault.SensorShorted, 6),
            Verify: r =>
            {
                r.Tick();
                Assert.True(r.Hardware.Faults.HasFlag(DeviceFaults.SensorFault));
                Assert.Contains(r.Status.Fault!.Others, f => f.Code == FaultCode.DeviceSensorFault);
            }),
        new(32, "Control loop frozen", () => Heated(HeatLevel.High), r => r.LoopFrozen = true,
            TimeSpan.FromMilliseconds(1010), null, AckRule.NotAFault, Reacted: DeviceSafe,
            Verify: r =>
            {
                r.LoopFrozen = false;
                r.RunUntil(x => x.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(1));
                Assert.Equal(FaultCode.ControlLoopStalled, r.Status.Fault?.Code);
            }),
        new(33, "Temperature path frozen", () => Heated(HeatLevel.High), r => r.Hardware.Inject(SimulatedFault.SensorFrozen),
            TimeSpan.FromMilliseconds(700), null, AckRule.NotAFault, Reacted: r => r.Hardware.HeaterCommand == 0,
            Verify: r =>
            {
                r.RunUntil(x => x.Status.State == SessionState.Faulted, TimeSpan.FromSeconds(1));
                Assert.Equal(FaultCode.SensorStale, r.Status.Fault?.Code);
            }),
        new(34, "5 % of bytes corrupted both ways", () => Heated(HeatLevel.High), r => r.Device.LinkFaults.CorruptionRate = 0.05,
            TimeSpan.FromMinutes(2), FaultCode.LinkLost, AckRule.Immediately,
            Verify: r =>
            {
                Assert.DoesNotContain(r.Status.Fault!.Others, f => f.Code == FaultCode.SensorStale);
                Assert.Contains("only damaged frames arrived", r.Status.Fault.Message, StringComparison.Ordinal);
                Assert.Contains("check the cable", r.Status.Fault.Message, StringComparison.Ordinal);
            }),
        new(35, "Sensor glitch held for a second, heater long off", () => Heated(HeatLevel.Off, holdMinutes: 2), r => r.Hardware.Inject(SimulatedFault.SensorGlitch),
            2 * Tick, FaultCode.SensorImplausible, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorGlitch, 6),
            Verify: r =>
            {
                r.Run(TimeSpan.FromSeconds(1));
                r.Hardware.Clear(SimulatedFault.SensorGlitch);
                r.Run(TimeSpan.FromSeconds(60));
                Assert.DoesNotContain(r.Status.Fault!.Others, f => f.Code == FaultCode.HeaterStuckOn);
                Assert.True(r.Status.OutputsUnderControl);
                r.Hardware.Inject(SimulatedFault.SensorGlitch); // as it was, for the rest of the row
            }),
        new(36, "Acknowledge and start sent every tick in the first second of a sensor fault", () => Heated(HeatLevel.High),
            r => r.Hardware.Inject(SimulatedFault.SensorOpen),
            2 * Tick, FaultCode.SensorOpen, AckRule.AfterClearing, ClearCause: r => ClearFor(r, SimulatedFault.SensorOpen, 6),
            Verify: r =>
            {
                for (var i = 0; i < 10; i++)
                {
                    Assert.Equal("cause-present", r.Refuse(new AcknowledgeFault()).Code);
                    Assert.Equal("fault-latched", r.Refuse(new StartSession(10, HeatLevel.High)).Code);
                    r.Tick();
                }
            }),
    ];

    /// <summary>
    /// Rows that need a serial link, which a Pi driving its own pins does not have, each with its
    /// reason; every other row also runs on the GPIO backend. The GPIO backend's own losses (the chip
    /// removed, the process killed) are in NeckCare.Device.Gpio.Tests.
    /// </summary>
    public static IReadOnlyDictionary<int, string> NotOnGpio { get; } = new Dictionary<int, string>
    {
        [16] = "a USB device unplugged: the GPIO equivalent, the chip's driver gone, is GpioFaultTests",
        [17] = "a USB device unplugged while idle: as row 16",
        [25] = "a microcontroller that stops answering: there is none",
        [26] = "a serial link closed: there is none",
        [27] = "a microcontroller that reboots: there is none",
        [28] = "bytes corrupted on a link: there is none",
        [29] = "garbage on a link: there is none",
        [30] = "a stop-button frame lost on the link: the button is read from the kernel, no frame can be lost",
        [34] = "bytes corrupted on a link: there is none",
    };

    public static Rig Connected() => Rig.Connected();

    /// <summary>A session at level 3 after the warm-up, heated as asked, held for <paramref name="holdMinutes"/>.</summary>
    public static Rig Heated(HeatLevel heat, double holdMinutes = 0, double? firmwareCeilingC = null)
    {
        var rig = firmwareCeilingC is { } ceiling
            ? Rig.Connected(safety: new SafetyOptions { FirmwareCeilingC = ceiling })
            : Rig.Connected();
        rig.Accept(new StartSession(15, heat));
        rig.Run(TimeSpan.FromSeconds(65));
        if (rig.Status.State != SessionState.Massaging)
        {
            return rig; // a row that trips during the warm-up (a low firmware ceiling) reacts from here
        }

        rig.Accept(new SetIntensity(3));
        rig.Run(TimeSpan.FromSeconds(5) + TimeSpan.FromMinutes(holdMinutes));
        return rig;
    }

    public static Rig Running(double seconds)
    {
        var rig = Rig.Running(15);
        rig.Run(TimeSpan.FromSeconds(seconds));
        return rig;
    }

    private static bool DeviceSafe(Rig r) => r.Hardware.MotorCommand == 0 && r.Hardware.HeaterCommand == 0;

    private static void ClearFor(Rig r, SimulatedFault fault, double seconds)
    {
        r.Hardware.Clear(fault);
        r.Run(TimeSpan.FromSeconds(seconds));
    }

    private static void CoolBelow(Rig r, SimulatedFault fault, double c)
    {
        r.Hardware.Clear(fault);
        r.RunUntil(x => x.Hardware.Physics.SampleC < c, TimeSpan.FromMinutes(15));
        r.Run(TimeSpan.FromSeconds(25)); // and no rise over the stuck-heater window
    }
}
