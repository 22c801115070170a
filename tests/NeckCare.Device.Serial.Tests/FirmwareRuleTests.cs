using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// The rules of PROTOCOL.md section 8 that the conformance command cannot reach on a real device
/// (they need a hot pad or a fault), checked on the emulator, frame by frame, over a pty.
/// </summary>
public class FirmwareRuleTests
{
    private static readonly TimeSpan Answer = TimeSpan.FromMilliseconds(500);
    private static readonly Hello Standard = new(ProtocolInfo.Major, ProtocolInfo.Minor, 1000, 450, 500);

    private static async Task<AckResult?> Command(Conformance.DeviceProbe probe, byte seq, Message message)
    {
        probe.Send(seq, message);
        return (await probe.NextAsync<Ack>(a => a.AckedSeq == seq, Answer) as Ack)?.Result;
    }

    [Fact]
    public async Task Before_a_hello_only_outputs_are_refused_and_ping_stop_and_clear_are_answered_ok()
    {
        var answers = await EmulatorBench.RunAsync(async (probe, _) => new[]
        {
            await Command(probe, 1, new Ping()),
            await Command(probe, 2, new StopAll()),
            await Command(probe, 3, new ClearFaults()),
            await Command(probe, 4, new SetOutputs(100, 0, 0)),
        });

        Assert.Equal([AckResult.Ok, AckResult.Ok, AckResult.Ok, AckResult.NotReady], answers);
    }

    [Fact]
    public async Task A_refused_command_counts_as_applied_so_its_retransmission_gets_the_same_refusal()
    {
        var (first, again) = await EmulatorBench.RunAsync(async (probe, _) =>
        {
            probe.Send(1, Standard);
            await probe.NextAsync<Identify>(_ => true, Answer);
            var first = await Command(probe, 5, new SetOutputs(1001, 0, 0));
            var again = await Command(probe, 5, new SetOutputs(100, 0, 0)); // same seq: a retransmission
            return (first, again);
        });

        Assert.Equal(AckResult.OutOfRange, first);
        Assert.Equal(AckResult.OutOfRange, again);
    }

    [Fact]
    public async Task Every_frame_the_device_sends_takes_the_next_number_of_one_counter()
    {
        var seqs = await EmulatorBench.RunAsync(async (probe, _) =>
        {
            probe.Send(1, Standard);
            await probe.NextAsync<Identify>(_ => true, Answer);
            for (byte s = 2; s < 12; s++)
            {
                await Command(probe, s, new Ping());
                await probe.NextAsync<Telemetry>(_ => true, Answer);
            }

            return probe.SequenceNumbersSeen;
        });

        Assert.True(seqs.Count > 20);
        Assert.All(seqs.Zip(seqs.Skip(1)), p => Assert.Equal((byte)(p.First + 1), p.Second));
    }

    [Fact]
    public async Task Four_commands_written_back_to_back_are_each_answered_in_order()
    {
        var acks = await EmulatorBench.RunAsync(async (probe, _) =>
        {
            probe.Send(1, Standard);
            await probe.NextAsync<Identify>(_ => true, Answer);
            probe.SendTogether((2, new StopAll()), (3, new ClearFaults()), (4, new SetOutputs(100, 0, 0)), (5, new SetOutputs(200, 1, 0)));
            var seen = new List<byte>();
            while (seen.Count < 4 && await probe.NextAsync<Ack>(_ => true, Answer) is Ack a)
            {
                seen.Add(a.AckedSeq);
            }

            return seen;
        });

        Assert.Equal([2, 3, 4, 5], acks);
    }

    [Fact]
    public async Task A_latched_over_temperature_sends_an_event_holds_heat_at_zero_with_outputs_ok_and_survives_clear_faults_and_hello()
    {
        var facts = await EmulatorBench.RunAsync(async (probe, device) =>
        {
            // A ceiling just above the pad's starting temperature, so it latches within seconds.
            var start = device.Physics.SampleC;
            var ceiling = (ushort)Math.Ceiling((start + 0.5) * 10);
            probe.Send(1, Standard with { CeilingDeciC = ceiling });
            await probe.NextAsync<Identify>(_ => true, Answer);
            byte seq = 2;
            DeviceEventMessage? fault = null;
            for (var i = 0; i < 1200 && fault is null; i++)
            {
                await Command(probe, seq++, new SetOutputs(0, 0, 1000)); // full heat, refreshed
                await probe.PassAsync(TimeSpan.FromMilliseconds(100));
                fault = probe.EventsSeen.FirstOrDefault(e => e.Kind == EventKind.Fault);
            }

            var heatAnswer = await Command(probe, seq++, new SetOutputs(100, 0, 500));
            var applied = await probe.NextAsync<Telemetry>(_ => true, Answer) as Telemetry;
            var clearAnswer = await Command(probe, seq++, new ClearFaults());
            var afterClear = await probe.NextAsync<Telemetry>(_ => true, Answer) as Telemetry;
            probe.Send(seq++, Standard with { CeilingDeciC = ceiling });
            await probe.NextAsync<Identify>(_ => true, Answer);
            var afterHello = await probe.NextAsync<Telemetry>(_ => true, Answer) as Telemetry;
            return (fault, heatAnswer, applied, clearAnswer, afterClear, afterHello);
        });

        Assert.NotNull(facts.fault);
        Assert.True(((DeviceFaults)facts.fault!.Faults).HasFlag(DeviceFaults.OverTemperature));
        Assert.Equal(AckResult.Ok, facts.heatAnswer);
        Assert.Equal(0, facts.applied!.HeaterPermille);
        Assert.Equal(AckResult.Ok, facts.clearAnswer);
        Assert.True(((DeviceFaults)facts.afterClear!.Faults).HasFlag(DeviceFaults.OverTemperature), "cleared while still hot");
        Assert.True(((DeviceFaults)facts.afterHello!.Faults).HasFlag(DeviceFaults.OverTemperature), "a Hello cleared a physical fault");
    }

    [Fact]
    public async Task A_reboot_announces_itself_with_a_boot_event_before_anything_else()
    {
        // Before a handshake the device sends nothing of its own, so nothing sent before the reset can
        // still be on its way: the first frame is the reset's.
        var first = await EmulatorBench.RunAsync(async (probe, device) =>
        {
            device.Reset();
            return await probe.NextAsync(_ => true, Answer);
        });

        Assert.Equal(new DeviceEventMessage(EventKind.Boot, 0), first);
    }

    [Fact]
    public async Task A_message_type_the_device_does_not_know_is_dropped_without_an_answer()
    {
        var (answer, badPayload) = await EmulatorBench.RunAsync(async (probe, device) =>
        {
            probe.Send(1, Standard);
            await probe.NextAsync<Identify>(_ => true, Answer);
            probe.Forget();
            var before = device.DecoderStats.BadPayload;

            // What a 1.1 host's new message type looks like to a 1.0 device: a valid frame of type 0x06.
            byte[] frame = [9, 0x06, 0, 0];
            var crc = Crc16.Compute(frame.AsSpan(0, 2));
            frame[2] = (byte)crc;
            frame[3] = (byte)(crc >> 8);
            var encoded = new byte[Cobs.MaxEncodedLength(frame.Length) + 1];
            var n = Cobs.Encode(frame, encoded);
            probe.SendRaw(encoded.AsSpan(0, n + 1).ToArray()); // trailing 0x00 delimiter
            var answer = await probe.NextAsync(m => m is Ack, Answer);
            return (answer, device.DecoderStats.BadPayload - before);
        });

        Assert.Null(answer);
        Assert.Equal(1, badPayload);
    }

    [Fact]
    public void The_wire_limits_are_the_device_rules_own()
    {
        Assert.Equal(DeviceRules.MaxCeilingC * 10, ProtocolInfo.MaxCeilingDeciC);
        Assert.Equal(DeviceRules.MaxWatchdogMs, ProtocolInfo.MaxWatchdogMs);
        var applied = Simulator.Firmware.FirmwareRules.Apply(new Hello(ProtocolInfo.Major, ProtocolInfo.Minor, 5000, 500, 50));
        Assert.Equal(((ushort)2000, (ushort)450, (ushort)100), applied);
    }
}
