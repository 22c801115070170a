using System.Diagnostics;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.History;

namespace NeckCare.Device.Bench;

/// <summary>
/// The history's costs: what the control loop pays to hand a record over (it never waits on the disk),
/// how many records the writer commits per second (each its own fully synced transaction), the file's
/// size after 1,000 sessions, and how long the API's queries take at that size.
/// </summary>
internal static class HistoryBench
{
    public static IEnumerable<Figure> Run()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-bench-history-").FullName;
        try
        {
            var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
            using var db = HistoryDatabase.Open(Path.Combine(dir, HistoryDatabase.DefaultFileName), TimeProvider.System);
            var store = new HistoryStore(db);

            // The control loop's side: TryEnqueue while the writer commits, 5,000 samples.
            var writer = new HistoryWriter(store, capacity: 8192);
            var enqueue = new List<double>();
            for (var i = 0; i < 5000; i++)
            {
                var record = Session(start.AddMinutes(20 * i), i);
                var t = Stopwatch.GetTimestamp();
                writer.TryEnqueue(record);
                // Raw timestamps: a TimeSpan's 100 ns ticks would round the typical call to zero.
                enqueue.Add((Stopwatch.GetTimestamp() - t) * 1e9 / Stopwatch.Frequency);
            }

            // The writer's side: time to commit what was queued.
            var drain = Stopwatch.StartNew();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var throughput = writer.Written / drain.Elapsed.TotalSeconds;

            using var db1000 = HistoryDatabase.Open(Path.Combine(dir, "thousand.db"), TimeProvider.System);
            var store1000 = new HistoryStore(db1000);
            for (var i = 0; i < 1000; i++)
            {
                store1000.Insert(Session(start.AddHours(12 * i), i));
            }

            // The file with the WAL folded back in (the WAL itself is recycled at 4 MB).
            store1000.Checkpoint();
            var size = (new FileInfo(Path.Combine(dir, "thousand.db")).Length + (File.Exists(Path.Combine(dir, "thousand.db-wal")) ? new FileInfo(Path.Combine(dir, "thousand.db-wal")).Length : 0)) / 1024.0;

            var page = Time(() => store1000.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 20));
            var summary = Time(() => store1000.Usage(start.AddDays(480), start.AddDays(494), weekly: false));

            return
            [
                new("history.enqueue.median", Stats.Median(enqueue), "ns", "what the control loop pays per record (5,000 samples); it never waits on the disk"),
                new("history.enqueue.p99", Stats.Percentile(enqueue, 99), "ns", "p99 of the same 5,000"),
                new("history.writer.throughput", Math.Round(throughput), "records/s", "each record its own transaction, synchronous=FULL in WAL"),
                new("history.db.size.1000-sessions", Math.Round(size), "KB", "the file after 1,000 sessions with 10 level changes each, WAL checkpointed"),
                new("history.query.page", Stats.Median(page), "ms", "GET /history page of 20 at 1,000 sessions, median of 200"),
                new("history.query.summary", Stats.Median(summary), "ms", "14-day summary at 1,000 sessions, median of 200"),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<double> Time(Action query)
    {
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var t = Stopwatch.GetTimestamp();
            query();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return times;
    }

    private static SessionRecord Session(DateTimeOffset at, int i) =>
        new(0, at, at.AddMinutes(10), 600, 600, (SessionEnd)(i % 5), (HeatLevel)(i % 3), 38.5, 4, i % 2, i % 4 == 0,
            [.. Enumerable.Range(0, 10).Select(k => new LevelChange(60 + (k * 50), 1 + (k % 5)))], i % 2 == 0 ? [] : [new LevelChange(300, 4)]);
}
