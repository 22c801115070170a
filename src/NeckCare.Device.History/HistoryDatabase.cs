using System.Globalization;
using Microsoft.Data.Sqlite;

namespace NeckCare.Device.History;

/// <summary>
/// The history file: one SQLite database in the state directory, in WAL mode with full synchronous
/// commits (a committed record survives a pulled plug), held with an exclusive lock so that a second
/// instance is told so instead of sharing it. A file that is not a database, or fails its integrity
/// check, is never silently replaced: it is kept beside the new one under a dated name, and
/// <see cref="SetAside"/> says where, so the status can warn until someone acknowledges it.
/// </summary>
public sealed class HistoryDatabase : IDisposable
{
    public const string DefaultFileName = "history.db";

    private HistoryDatabase(SqliteConnection connection, string path, string? setAside)
    {
        Connection = connection;
        Path = path;
        SetAside = setAside;
    }

    public string Path { get; }

    /// <summary>Where a damaged file was moved to at this start, or null.</summary>
    public string? SetAside { get; }

    internal SqliteConnection Connection { get; }

    /// <exception cref="HistoryOpenException">Another instance holds the file, or it comes from a newer version.</exception>
    public static HistoryDatabase Open(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        string? setAside = null;
        try
        {
            return new HistoryDatabase(OpenAndMigrate(path), path, null);
        }
        catch (SqliteException ex) when (IsDamage(ex))
        {
            setAside = SetAsideDamaged(path, time);
        }
        catch (HistoryOpenException ex) when (ex.Data.Contains(DamagedKey))
        {
            setAside = SetAsideDamaged(path, time);
        }

        return new HistoryDatabase(OpenAndMigrate(path), path, setAside);
    }

    /// <summary>The schema version this build writes (PRAGMA user_version).</summary>
    public static int LatestSchema => Migrations.Latest;

    public void Dispose()
    {
        Connection.Dispose();
        SqliteConnection.ClearPool(Connection);
    }

    private const string DamagedKey = "damaged";

    private static SqliteConnection OpenAndMigrate(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString());
        try
        {
            connection.Open();
            Exec(connection, "PRAGMA busy_timeout = 0;");
            // Exclusive: the lock is taken by the first write below and held until the process ends,
            // so a second instance fails at once with SQLITE_BUSY instead of interleaving records.
            Exec(connection, "PRAGMA locking_mode = EXCLUSIVE;");
            Exec(connection, "PRAGMA journal_mode = WAL;");
            Exec(connection, "PRAGMA synchronous = FULL;");
            Exec(connection, "PRAGMA foreign_keys = ON;");
            if (Scalar(connection, "PRAGMA quick_check;") is not "ok")
            {
                throw new HistoryOpenException($"{path} failed its integrity check.") { Data = { [DamagedKey] = true } };
            }

            Migrate(connection, path);
            RequireTables(connection, path);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            connection.Dispose();
            throw new HistoryOpenException($"{path} is in use by another instance of the service (SQLite: {ex.Message}). Stop the other one, or give this one its own Storage:StateDirectory.", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        if (version > Migrations.Latest)
        {
            throw new HistoryOpenException(
                $"{path} has schema version {version}; this build knows up to {Migrations.Latest}. It was written by a newer version of the service: install that version, or move the file away to start a new history.");
        }

        if (version == Migrations.Latest)
        {
            return;
        }

        if (version > 0)
        {
            // A file that claims a schema but lacks its tables is damaged: say so before a migration trips on it.
            RequireTables(connection, path);
        }

        using var transaction = connection.BeginTransaction();
        for (var v = version; v < Migrations.Latest; v++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations.All[v] + $"\nPRAGMA user_version = {v + 1};";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A file at the right version whose tables are gone is damaged too (set aside, not a crash later).</summary>
    private static void RequireTables(SqliteConnection connection, string path)
    {
        using var c = connection.CreateCommand();
        c.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'faults', 'settings');";
        if (Convert.ToInt32(c.ExecuteScalar(), CultureInfo.InvariantCulture) != 3)
        {
            throw new HistoryOpenException($"{path} is missing tables of its schema.") { Data = { [DamagedKey] = true } };
        }
    }

    /// <summary>SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file is damaged or not a database.</summary>
    private static bool IsDamage(SqliteException ex) => ex.SqliteErrorCode is 11 or 26;

    private static string SetAsideDamaged(string path, TimeProvider time)
    {
        SqliteConnection.ClearAllPools();
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.damaged-{stamp}";
        File.Move(path, target);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    internal static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
