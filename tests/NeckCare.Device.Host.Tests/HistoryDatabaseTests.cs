using Microsoft.Data.Sqlite;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.History;

namespace NeckCare.Device.Host.Tests;

public sealed class HistoryDatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neckcare-history-").FullName;
    private readonly ManualTimeProvider _time = new();

    private string PathOf => Path.Combine(_dir, HistoryDatabase.DefaultFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static SessionRecord Session(DateTimeOffset at, int seconds = 600) =>
        new(0, at, at.AddSeconds(seconds), 600, seconds, SessionEnd.Completed, HeatLevel.Low, 38.2, 3, 1, false, [new(0, 1), new(60, 2), new(90, 3)], [new(95, 3)]);

    [Fact]
    public void A_new_file_is_created_in_wal_mode_at_the_latest_schema()
    {
        using var db = HistoryDatabase.Open(PathOf, _time);
        var store = new HistoryStore(db);

        store.Insert(Session(_time.GetUtcNow()));

        Assert.Null(db.SetAside);
        Assert.Equal("ok", store.IntegrityCheck());
        Assert.True(File.Exists(PathOf + "-wal"));
        var (items, total) = store.Sessions(DateTimeOffset.UnixEpoch, _time.GetUtcNow().AddDays(1), 1, 10);
        Assert.Equal(1, total);
        Assert.Equal([new LevelChange(0, 1), new LevelChange(60, 2), new LevelChange(90, 3)], items[0].Levels);
        Assert.Equal([new LevelChange(95, 3)], items[0].Ceilings);
    }

    [Fact]
    public void A_second_instance_on_the_same_file_is_told_so()
    {
        using var first = HistoryDatabase.Open(PathOf, _time);
        new HistoryStore(first).Insert(Session(_time.GetUtcNow()));

        var refused = Assert.Throws<HistoryOpenException>(() => HistoryDatabase.Open(PathOf, _time));

        Assert.Contains("in use by another instance", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:StateDirectory", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_from_the_first_version_keeps_its_sessions_and_learns_who_started_and_ended_them()
    {
        using (var c = new SqliteConnection($"Data Source={PathOf};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // Version 1's schema as it shipped, with one session in it.
            cmd.CommandText = """
                CREATE TABLE sessions (id INTEGER PRIMARY KEY, started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER NOT NULL,
                    chosen_seconds INTEGER NOT NULL, actual_seconds INTEGER NOT NULL, ended TEXT NOT NULL, heat TEXT NOT NULL,
                    max_temperature_c REAL, max_level INTEGER NOT NULL, ease_offs INTEGER NOT NULL, guided_release INTEGER NOT NULL,
                    levels TEXT NOT NULL, ceilings TEXT NOT NULL);
                CREATE TABLE faults (id INTEGER PRIMARY KEY, code TEXT NOT NULL, message TEXT NOT NULL, severity INTEGER NOT NULL,
                    at_ms INTEGER NOT NULL, acknowledged_at_ms INTEGER, acknowledged_by TEXT, trip_c REAL NOT NULL, trace TEXT NOT NULL, UNIQUE (at_ms, code));
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO sessions VALUES (1, 1700000000000, 1700000600000, 600, 600, 'Completed', 'Low', 38.5, 3, 0, 0, '[[0,1]]', '[]');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }

        using var db = HistoryDatabase.Open(PathOf, _time);
        var store = new HistoryStore(db);
        var old = Assert.Single(store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Items);
        Assert.Equal(SessionEnd.Completed, old.Ended);
        Assert.Null(old.StartedBy); // not known for sessions recorded before
        store.Insert(old with { Id = 0, StartedAt = old.StartedAt.AddDays(1), EndedAt = old.EndedAt.AddDays(1), StartedBy = "mqtt", EndedBy = "timer" });

        var newest = store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Items[0];
        Assert.Equal(("mqtt", "timer"), (newest.StartedBy, newest.EndedBy));
        Assert.Null(db.SetAside);
    }

    [Fact]
    public void A_file_from_a_newer_version_is_refused_and_left_as_it_is()
    {
        using (var c = new SqliteConnection($"Data Source={PathOf};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE future (x); PRAGMA user_version = 7;";
            cmd.ExecuteNonQuery();
        }

        var refused = Assert.Throws<HistoryOpenException>(() => HistoryDatabase.Open(PathOf, _time));

        Assert.Contains($"schema version 7; this build knows up to {HistoryDatabase.LatestSchema}", refused.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_dir, "history.db*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void A_damaged_file_is_kept_under_a_dated_name_and_a_new_history_starts(string damage)
    {
        using (var db = HistoryDatabase.Open(PathOf, _time))
        {
            var store = new HistoryStore(db);
            for (var i = 0; i < 200; i++)
            {
                store.Insert(Session(_time.GetUtcNow().AddMinutes(i)));
            }
        }

        SqliteConnection.ClearAllPools();
        var original = File.ReadAllBytes(PathOf);
        if (damage == "garbage")
        {
            File.WriteAllText(PathOf, "this is not a database, it is a shopping list");
        }
        else
        {
            File.WriteAllBytes(PathOf, original[..(original.Length / 3)]);
        }

        var kept = File.ReadAllBytes(PathOf);

        using var reopened = HistoryDatabase.Open(PathOf, _time);

        Assert.Equal(Path.Combine(_dir, "history.db.damaged-20260101T080000Z"), reopened.SetAside);
        Assert.Equal(kept, File.ReadAllBytes(reopened.SetAside!)); // never silently replaced
        var store2 = new HistoryStore(reopened);
        Assert.Equal("ok", store2.IntegrityCheck());
        Assert.Equal(0, store2.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Total);
    }

    [Fact]
    public void Erasing_history_keeps_the_fault_records_and_retention_prunes_them_by_count_and_age()
    {
        using var db = HistoryDatabase.Open(PathOf, _time);
        var store = new HistoryStore(db);
        store.Insert(Session(_time.GetUtcNow()));
        var now = _time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            store.Insert(new FaultHistoryRecord(0, "SensorOpen", "m", 2, now.AddDays(-i * 10), null, null, 44, [new TraceSample(-0.1, 40, 0.5, 0.3, 0.3, 0.2, 0, 10)]));
        }

        Assert.Equal(1, store.EraseSessions());
        Assert.Equal(5, store.Faults(100).Count);

        store.PruneFaults(count: 4, olderThan: now.AddDays(-25));

        Assert.Equal([now, now.AddDays(-10), now.AddDays(-20)], store.Faults(100).Select(f => f.At));
    }

    [Fact]
    public async Task The_writer_never_waits_a_full_queue_drops_and_counts()
    {
        using var db = HistoryDatabase.Open(PathOf, _time);
        var store = new HistoryStore(db);
        var writer = new HistoryWriter(store, capacity: 16);
        using var release = new ManualResetEventSlim();
        Assert.True(writer.TryEnqueue(_ => release.Wait())); // the disk is stuck

        var accepted = 0;
        for (var i = 0; i < 100; i++)
        {
            accepted += writer.TryEnqueue(Session(_time.GetUtcNow().AddMinutes(i))) ? 1 : 0;
        }

        Assert.InRange(accepted, 15, 16); // 16 places, one of them still held by the stuck write unless the writer took it
        Assert.Equal(100 - accepted, writer.Dropped);
        release.Set();
        await writer.DisposeAsync();
        Assert.Equal(accepted, store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 100).Total);
    }
}
