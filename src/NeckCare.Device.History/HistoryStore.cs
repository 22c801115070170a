using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.History;

/// <summary>
/// Reads and writes the history through the one connection (SQLite connections are not thread-safe,
/// and the exclusive lock admits no second one), one call at a time. Only the writer and the API call
/// in here, never the control loop.
/// </summary>
public sealed partial class HistoryStore(HistoryDatabase database)
{
    private readonly Lock _gate = new();

    public void Insert(SessionRecord s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Write(InsertSession, c => Bind(c, s));
    }

    /// <summary>
    /// Writes a session's row: the first call inserts it and remembers its id in <paramref name="row"/>,
    /// later ones update it (or insert it again if it was erased meanwhile, or never got in).
    /// </summary>
    public void Save(SessionRow row, SessionRecord s)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(s);
        lock (_gate)
        {
            using var transaction = database.Connection.BeginTransaction();
            using var c = database.Connection.CreateCommand();
            c.Transaction = transaction;
            Bind(c, s);
            var updated = 0;
            if (row.Id is { } id)
            {
                c.CommandText = """
                    UPDATE sessions SET ended_at_ms = $ended_at, actual_seconds = $actual, ended = $ended, heat = $heat, max_temperature_c = $max_c,
                        max_level = $max_level, ease_offs = $ease_offs, levels = $levels, ceilings = $ceilings, ended_by = $ended_by WHERE id = $id;
                    """;
                c.Parameters.AddWithValue("$id", id);
                updated = c.ExecuteNonQuery();
            }

            if (updated == 0)
            {
                c.CommandText = InsertSession.TrimEnd().TrimEnd(';') + " RETURNING id;";
                row.Id = (long)c.ExecuteScalar()!;
            }

            transaction.Commit();
        }
    }

    /// <summary>Rows still marked running when the service starts were cut by a kill or a power loss.</summary>
    public int MarkInterrupted()
    {
        lock (_gate)
        {
            using var c = database.Connection.CreateCommand();
            c.CommandText = $"UPDATE sessions SET ended = '{nameof(SessionEnd.Interrupted)}' WHERE ended = '{nameof(SessionEnd.Running)}';";
            return c.ExecuteNonQuery();
        }
    }

    private const string InsertSession = """
        INSERT INTO sessions (started_at_ms, ended_at_ms, chosen_seconds, actual_seconds, ended, heat, max_temperature_c, max_level, ease_offs, guided_release, levels, ceilings, started_by, ended_by)
        VALUES ($started, $ended_at, $chosen, $actual, $ended, $heat, $max_c, $max_level, $ease_offs, $guided, $levels, $ceilings, $started_by, $ended_by);
        """;

    public void Insert(FaultHistoryRecord f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Write("""
            INSERT OR IGNORE INTO faults (code, message, severity, at_ms, acknowledged_at_ms, acknowledged_by, trip_c, trace)
            VALUES ($code, $message, $severity, $at, $ack_at, $ack_by, $trip, $trace);
            """, c =>
        {
            c.Parameters.AddWithValue("$code", f.Code);
            c.Parameters.AddWithValue("$message", f.Message);
            c.Parameters.AddWithValue("$severity", f.Severity);
            c.Parameters.AddWithValue("$at", f.At.ToUnixTimeMilliseconds());
            c.Parameters.AddWithValue("$ack_at", (object?)f.AcknowledgedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            c.Parameters.AddWithValue("$ack_by", (object?)f.AcknowledgedBy ?? DBNull.Value);
            c.Parameters.AddWithValue("$trip", f.TripC);
            c.Parameters.AddWithValue("$trace", TraceJson.Write(f.Trace));
        });
    }

    /// <summary>Records who acknowledged the fault that happened at <paramref name="faultAt"/> (if it is stored already).</summary>
    public void Acknowledge(DateTimeOffset faultAt, string code, DateTimeOffset at, string? by) =>
        Write("UPDATE faults SET acknowledged_at_ms = $at, acknowledged_by = $by WHERE at_ms = $fault_at AND code = $code AND acknowledged_at_ms IS NULL;", c =>
        {
            c.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            c.Parameters.AddWithValue("$by", (object?)by ?? DBNull.Value);
            c.Parameters.AddWithValue("$fault_at", faultAt.ToUnixTimeMilliseconds());
            c.Parameters.AddWithValue("$code", code);
        });

    /// <summary>Sessions started in [from, to), newest first.</summary>
    public (IReadOnlyList<SessionRecord> Items, int Total) Sessions(DateTimeOffset from, DateTimeOffset to, int page, int pageSize)
    {
        lock (_gate)
        {
            var total = Convert.ToInt32(Query("SELECT COUNT(*) FROM sessions WHERE started_at_ms >= $from AND started_at_ms < $to;", Range(from, to)).Single()[0], CultureInfo.InvariantCulture);
            var rows = Query("""
                SELECT id, started_at_ms, ended_at_ms, chosen_seconds, actual_seconds, ended, heat, max_temperature_c, max_level, ease_offs, guided_release, levels, ceilings, started_by, ended_by
                FROM sessions WHERE started_at_ms >= $from AND started_at_ms < $to ORDER BY started_at_ms DESC, id DESC LIMIT $take OFFSET $skip;
                """, c =>
            {
                Range(from, to)(c);
                c.Parameters.AddWithValue("$take", pageSize);
                c.Parameters.AddWithValue("$skip", (long)(page - 1) * pageSize);
            });
            return ([.. rows.Select(r => Decode(r, ToSession)).OfType<SessionRecord>()], total);
        }
    }

    /// <summary>Sessions and minutes per UTC day (or per week starting Monday) in [from, to).</summary>
    public IReadOnlyList<UsagePeriod> Usage(DateTimeOffset from, DateTimeOffset to, bool weekly)
    {
        lock (_gate)
        {
            var rows = Query("SELECT started_at_ms, actual_seconds FROM sessions WHERE started_at_ms >= $from AND started_at_ms < $to;", Range(from, to))
                .Where(r => r[0] is long && r[1] is long || Skipped());
            return [.. rows
                .Select(r => (Day: DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)r[0]!).UtcDateTime), Seconds: (long)r[1]!))
                .GroupBy(r => weekly ? r.Day.AddDays(-(((int)r.Day.DayOfWeek + 6) % 7)) : r.Day)
                .OrderBy(g => g.Key)
                .Select(g => new UsagePeriod(g.Key, g.Count(), Math.Round(g.Sum(x => x.Seconds) / 60.0, 1)))];
        }
    }

    public IReadOnlyList<FaultHistoryRecord> Faults(int limit)
    {
        lock (_gate)
        {
            return [.. Query("SELECT id, code, message, severity, at_ms, acknowledged_at_ms, acknowledged_by, trip_c, '[]' FROM faults ORDER BY at_ms DESC, id DESC LIMIT $take;",
                c => c.Parameters.AddWithValue("$take", limit)).Select(r => Decode(r, ToFault)).OfType<FaultHistoryRecord>()];
        }
    }

    public FaultHistoryRecord? Fault(long id)
    {
        lock (_gate)
        {
            return Query("SELECT id, code, message, severity, at_ms, acknowledged_at_ms, acknowledged_by, trip_c, trace FROM faults WHERE id = $id;",
                c => c.Parameters.AddWithValue("$id", id)).Select(r => Decode(r, ToFault)).SingleOrDefault();
        }
    }

    /// <summary>Erases the session history; fault records stay (support needs them).</summary>
    public int EraseSessions()
    {
        lock (_gate)
        {
            using var c = database.Connection.CreateCommand();
            c.CommandText = "DELETE FROM sessions;";
            return c.ExecuteNonQuery();
        }
    }

    /// <summary>Keeps at most <paramref name="count"/> fault records, none older than <paramref name="olderThan"/>.</summary>
    public void PruneFaults(int count, DateTimeOffset olderThan) =>
        Write("DELETE FROM faults WHERE at_ms < $cutoff OR id NOT IN (SELECT id FROM faults ORDER BY at_ms DESC, id DESC LIMIT $keep);", c =>
        {
            c.Parameters.AddWithValue("$cutoff", olderThan.ToUnixTimeMilliseconds());
            c.Parameters.AddWithValue("$keep", count);
        });

    public string? Setting(string key)
    {
        lock (_gate)
        {
            return Query("SELECT value FROM settings WHERE key = $key;", c => c.Parameters.AddWithValue("$key", key)).SingleOrDefault()?[0] as string;
        }
    }

    public void SetSetting(string key, string value) =>
        Write("INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", c =>
        {
            c.Parameters.AddWithValue("$key", key);
            c.Parameters.AddWithValue("$value", value);
        });

    /// <summary>Folds the WAL back into the database file and truncates it (at shutdown, and for measuring).</summary>
    public void Checkpoint()
    {
        lock (_gate)
        {
            HistoryDatabase.Exec(database.Connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// <summary>PRAGMA integrity_check: "ok" for a sound file.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            return string.Join("; ", Query("PRAGMA integrity_check;", _ => { }).Select(r => r[0]));
        }
    }

    /// <summary>One statement, in its own transaction: committed whole (and synced) or not at all.</summary>
    private void Write(string sql, Action<SqliteCommand> bind)
    {
        lock (_gate)
        {
            using var transaction = database.Connection.BeginTransaction();
            using var c = database.Connection.CreateCommand();
            c.Transaction = transaction;
            c.CommandText = sql;
            bind(c);
            c.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private List<object?[]> Query(string sql, Action<SqliteCommand> bind)
    {
        using var c = database.Connection.CreateCommand();
        c.CommandText = sql;
        bind(c);
        using var reader = c.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static Action<SqliteCommand> Range(DateTimeOffset from, DateTimeOffset to) => c =>
    {
        c.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        c.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
    };

    /// <summary>Rows that could not be read (a damaged file, a hand edit) and were left out of an answer, since the start.</summary>
    public long SkippedRows => Interlocked.Read(ref _skipped);

    private long _skipped;

    /// <summary>A row as a record, or null (counted) when it cannot be read: one bad row never fails a whole answer.</summary>
    private T? Decode<T>(object?[] row, Func<object?[], T> read)
        where T : class
    {
        try
        {
            return read(row);
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or FormatException or ArgumentException
            or JsonException or IndexOutOfRangeException or OverflowException)
        {
            Skipped();
            return null;
        }
    }

    private bool Skipped()
    {
        Interlocked.Increment(ref _skipped);
        return false;
    }
}
