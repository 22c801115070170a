using System.Diagnostics;
using System.Globalization;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Protocol;
using NeckCare.Device.Serial;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;

namespace NeckCare.Device.Bench;

/// <summary>
/// The wire protocol's cost: decoder throughput, and command → acknowledgement over a real
/// pseudo-terminal beside the same pty's raw echo round trip (the floor) and the time the same bytes
/// take on a 115200-baud UART (the physical limit of real hardware).
/// </summary>
internal static class ProtocolBench
{
    private const int Samples = 2000;

    public static IEnumerable<Figure> Run()
    {
        yield return DecoderThroughput();

        // The pty's own latency drifts between runs (the kernel defers tty buffer work at times), so the
        // floor is sampled both before and after the protocol, under the same conditions.
        var floor = Floors.RawPtyRoundTrips(Samples);
        var protocol = ProtocolRoundTrips();
        floor.AddRange(Floors.RawPtyRoundTrips(Samples));
        var floor50 = Stats.Median(floor);
        var p50 = Stats.Median(protocol);
        var p99 = Stats.Percentile(protocol, 99); // 2,000 samples each
        var wireBytes = FrameEncoder.EncodeForWire(0, new SetOutputs(600, 0, 350), new byte[80])
            + FrameEncoder.EncodeForWire(0, new Ack(0, AckResult.Ok), new byte[80]);
        var wireMs = wireBytes * 10 / 115200.0 * 1000; // 8N1: 10 bits a byte
        yield return new Figure("pty.raw_round_trip.p50", floor50, "ms", $"p99 {Stats.Percentile(floor, 99):0.000} ms; echo of 11 bytes, no protocol (the floor)");
        yield return new Figure("protocol.command_ack.p50", p50, "ms", $"{p50 / floor50:0.0}× the raw pty floor; {wireMs:0.00} ms on a 115200-baud UART");
        yield return new Figure("protocol.command_ack.p99", p99, "ms", $"{p99 / Stats.Percentile(floor, 99):0.0}× the raw pty p99");
        yield return new Figure("protocol.wire_time_115200", wireMs, "ms", $"{wireBytes} bytes (SetOutputs + Ack) at 10 bits/byte: the physical limit");
    }

    private static Figure DecoderThroughput()
    {
        var frames = new Message[]
        {
            new Telemetry(123456, 4100, 42, 600, 480, 350, 0, 0), new Ack(3, AckResult.Ok), new SetOutputs(600, 0, 350),
            new DeviceEventMessage(EventKind.ButtonStop, 16),
        };
        using var stream = new MemoryStream();
        var buffer = new byte[80];
        for (var i = 0; stream.Length < 8 * 1024 * 1024; i++)
        {
            var n = FrameEncoder.EncodeForWire((byte)i, frames[i % frames.Length], buffer);
            stream.Write(buffer, 0, n);
        }

        var wire = stream.ToArray();
        var rates = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var decoder = new FrameDecoder();
            long count = 0;
            var watch = Stopwatch.StartNew();
            for (var at = 0; at < wire.Length; at += 4096)
            {
                decoder.Feed(wire.AsSpan(at, Math.Min(4096, wire.Length - at)), _ => count++);
            }

            watch.Stop();
            if (run > 0)
            {
                rates.Add(wire.Length / 1e6 / watch.Elapsed.TotalSeconds);
            }
        }

        return new Figure("protocol.decoder_throughput", Stats.Median(rates), "MB/s",
            string.Create(CultureInfo.InvariantCulture, $"{(115200 / 10) / 1e6:0.0000} MB/s arrive at 115200 baud; median of 5 × 8 MB, 4 KB chunks"));
    }

    /// <summary>SerialMassager ↔ FirmwareEmulator over a pty on the real clock: time from command to its Ack.</summary>
    private static List<double> ProtocolRoundTrips()
    {
        using var pty = PseudoTerminal.Open();
        using var emulator = new FirmwareEmulator(TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var serving = emulator.ServeAsync(pty, stop.Token);
        var host = new SerialMassager(_ => ValueTask.FromResult<Stream>(LinuxSerialPort.Open(pty.SlavePath, 115200)),
            new SerialOptions(), 45, TimeProvider.System);
        host.ConnectAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var before = host.Statistics.RoundTripsMs.Count;
        for (var i = 0; i < Samples + 100; i++)
        {
            var acks = host.Statistics.Acks;
            host.SetOutputs(new OutputCommand(i % 2 == 0 ? 0.2 : 0.4, MotorDirection.Clockwise, 0)); // sent at once
            var spin = new SpinWait();
            var watch = Stopwatch.StartNew();
            while (host.Statistics.Acks == acks && watch.Elapsed < TimeSpan.FromSeconds(2))
            {
                spin.SpinOnce(sleep1Threshold: -1); // never Sleep(1): it would quantise the measurement to 1 ms
            }
        }

        var times = host.Statistics.RoundTripsMs.Skip(before + 100).ToList();
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        stop.Cancel();
        return times;
    }
}
