using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Bench;

/// <summary>
/// The codec's hot paths as BenchmarkDotNet micro-benchmarks: what one control tick costs on the wire
/// side (encode a SetOutputs, decode a telemetry frame) and the two building blocks (CRC, COBS).
/// Allocation per operation matters on a Pi Zero as much as time.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _wire = new byte[ProtocolInfo.MaxEncodedLength + 1];
    private readonly byte[] _frame64 = Enumerable.Range(1, 64).Select(i => (byte)i).ToArray();
    private readonly byte[] _cobsOut = new byte[Cobs.MaxEncodedLength(64)];
    private readonly SetOutputs _outputs = new(600, 0, 350);
    private readonly FrameDecoder _decoder = new();
    private byte[] _telemetryWire = [];

    [GlobalSetup]
    public void Setup() =>
        _telemetryWire = FrameEncoder.Encode(17, new Telemetry(123456, 4100, 42, 600, 480, 350, 0, 1)).Append((byte)0).ToArray();

    [Benchmark]
    public int EncodeSetOutputs() => FrameEncoder.EncodeForWire(3, _outputs, _wire);

    [Benchmark]
    public int DecodeTelemetry()
    {
        var n = 0;
        _decoder.Feed(_telemetryWire, _ => n++);
        return n;
    }

    [Benchmark]
    public ushort Crc16Of64Bytes() => Crc16.Compute(_frame64);

    [Benchmark]
    public int CobsEncode64Bytes() => Cobs.Encode(_frame64, _cobsOut);

    /// <summary>Runs in this process (no generated project to restore offline), short job, figures per operation.</summary>
    internal static IEnumerable<Figure> Run()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<CodecBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var ns = report.ResultStatistics?.Median;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            yield return new Figure($"codec.{name}", ns, "ns/op",
                $"BenchmarkDotNet ShortRun, in-process, median; {allocated} B allocated per operation");
        }
    }
}
