using Microsoft.Data.Sqlite;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.History;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// A session is in the history from its start (issue 20, item 6): its row is written when it starts, kept
/// up to date while it runs, finished at its end, and one still running when the service starts again
/// was cut by a kill or a power loss.
/// </summary>
public sealed class SessionRowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neckcare-rows-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static SessionRecord Running(int seconds, int maxLevel = 1) =>
        new(0, ManualTimeProvider.DefaultStart, ManualTimeProvider.DefaultStart.AddSeconds(seconds), 600, seconds, SessionEnd.Running,
            HeatLevel.Low, 33.0, maxLevel, 0, false, [new(0, 1)], []);

    [Fact]
    public void A_running_row_is_written_once_and_updated_in_place_and_a_start_after_a_kill_marks_it_interrupted()
    {
        var path = Path.Combine(_dir, HistoryDatabase.DefaultFileName);
        var row = new SessionRow();
        using (var db = HistoryDatabase.Open(path, _time))
        {
            var store = new HistoryStore(db);
            store.Save(row, Running(1));
            store.Save(row, Running(42, maxLevel: 3));
            Assert.Equal(SessionEnd.Running, Assert.Single(store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Items).Ended);
        }

        SqliteConnection.ClearAllPools();
        using var reopened = HistoryDatabase.Open(path, _time);
        var after = new HistoryStore(reopened);

        Assert.Equal(1, after.MarkInterrupted());
        var s = Assert.Single(after.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Items);
        Assert.Equal(SessionEnd.Interrupted, s.Ended);
        Assert.Equal(42, s.ActualSeconds); // what was known at the last update
        Assert.Equal(3, s.MaxLevel);
        Assert.Equal(0, after.MarkInterrupted());
    }

    [Fact]
    public void A_row_erased_while_its_session_runs_is_written_again_at_the_next_update()
    {
        using var db = HistoryDatabase.Open(Path.Combine(_dir, HistoryDatabase.DefaultFileName), _time);
        var store = new HistoryStore(db);
        var row = new SessionRow();
        store.Save(row, Running(1));
        store.EraseSessions();

        store.Save(row, Running(5) with { Ended = SessionEnd.Stopped });

        Assert.Equal(SessionEnd.Stopped, Assert.Single(store.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Items).Ended);
    }

    [Fact]
    public void A_session_is_written_at_its_start_then_at_most_once_a_second_and_its_length_every_5_seconds_then_at_its_end_in_the_same_row()
    {
        var rig = Rig.Connected();
        var writes = new SessionWrites();
        var seen = new List<(SessionRow Row, SessionRecord Record, TimeSpan At)>();
        void Observe()
        {
            if (writes.Observe(rig.Status, rig.Time.GetUtcNow(), rig.Time.GetElapsedTime(0)) is { } w)
            {
                seen.Add((w.Row, w.Record, rig.Time.GetElapsedTime(0)));
            }
        }

        rig.Accept(new StartSession(10, HeatLevel.Low));
        Observe();
        Assert.Equal(SessionEnd.Running, Assert.Single(seen).Record.Ended);
        for (var i = 0; i < 120; i++)
        {
            rig.Tick();
            Observe();
        }

        rig.Accept(new StopSession());
        Observe();

        Assert.Equal(SessionEnd.Stopped, seen[^1].Record.Ended);
        Assert.All(seen, w => Assert.Same(seen[0].Row, w.Row));
        var gaps = seen.Zip(seen.Skip(1), (a, b) => b.At - a.At).SkipLast(1).ToList();
        Assert.All(gaps, g => Assert.InRange(g, SessionWrites.AtMostEvery, SessionWrites.LengthEvery));
        Assert.InRange(seen.Count, 4, 5); // the start, 5 s, 10 s (the length), the end; 12 s in all
    }
}
