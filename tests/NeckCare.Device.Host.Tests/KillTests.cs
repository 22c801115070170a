using NeckCare.Device.History;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Durability against the real service as a child process, killed with SIGKILL 50 times at random
/// moments during sessions, stops and fault recordings (see <see cref="KillCycles"/>); the benchmark's
/// durability suite runs more.
/// </summary>
public sealed class KillTests : IDisposable
{
    public const int Cycles = 50;
    private readonly string _state = Directory.CreateTempSubdirectory("neckcare-kill-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Every_record_reported_before_each_of_50_kills_survives_and_the_file_stays_sound()
    {
        var report = await KillCycles.RunAsync(Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll"), _state, Cycles, seed: 20261122);

        Assert.Equal("ok", report.Integrity);
        Assert.Equal(0, report.HalfWrittenSessions);
        Assert.Equal(0, report.HalfWrittenFaults);
        Assert.True(report.Sessions >= Cycles, $"only {report.Sessions} sessions were recorded over {Cycles} cycles");
        Assert.Empty(Directory.GetFiles(_state, HistoryDatabase.DefaultFileName + ".damaged-*"));
    }
}
