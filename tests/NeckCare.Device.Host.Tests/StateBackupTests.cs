using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>backup FILE / restore FILE: the whole state directory in one archive and back, refusing what is not one.</summary>
public sealed class StateBackupTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("neckcare-backup-test-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void A_backup_restored_into_an_empty_directory_brings_back_every_file_and_the_history()
    {
        var state = State();
        var archive = Path.Combine(_work, "state.tar.gz");
        var restored = Path.Combine(_work, "restored");

        Assert.Null(StateBackup.Create(state, archive));
        Assert.Null(StateBackup.Restore(archive, restored));

        foreach (var name in new[] { "api-token", "pairings.json", "tuned-gains.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(state, name)), File.ReadAllBytes(Path.Combine(restored, name)));
        }

        Assert.Equal("kept", Scalar(Path.Combine(restored, "history.db"), "SELECT note FROM t"));
        Assert.False(File.Exists(Path.Combine(restored, ".write-probe-1")));
    }

    [Fact]
    public void A_backup_damaged_anywhere_is_refused_and_nothing_changes()
    {
        var state = State();
        var archive = Path.Combine(_work, "state.tar.gz");
        Assert.Null(StateBackup.Create(state, archive));
        var good = File.ReadAllBytes(archive);
        var target = State("target");
        var before = Snapshot(target);

        // One flipped byte at each of many places: in the gzip header, the manifest, the files, the trailer.
        for (var at = 0; at < good.Length; at += Math.Max(1, good.Length / 64))
        {
            var bytes = (byte[])good.Clone();
            bytes[at] ^= 0xFF;
            File.WriteAllBytes(archive, bytes);

            var refused = StateBackup.Restore(archive, target);

            Assert.True(refused is not null && refused.Contains("damaged", StringComparison.Ordinal), $"byte {at} of {good.Length}: {refused ?? "restored"}");
            Assert.Equal(before, Snapshot(target));
        }
    }

    [Theory]
    [InlineData("../api-token", "not a state file")]
    [InlineData("api-token", "no neckcare-backup.json")]
    public void A_foreign_archive_is_refused_and_nothing_changes(string entry, string expected)
    {
        var archive = Path.Combine(_work, "foreign.tar.gz");
        using (var output = File.Create(archive))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry) { DataStream = new MemoryStream("someone else's"u8.ToArray()) });
        }

        var target = State("target");
        var before = Snapshot(target);

        var refused = StateBackup.Restore(archive, target);

        Assert.Contains(expected, refused, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(target));
    }

    [Fact]
    public void While_the_service_holds_its_history_backup_and_restore_say_to_stop_it_first()
    {
        var state = State();
        var archive = Path.Combine(_work, "state.tar.gz");
        Assert.Null(StateBackup.Create(state, archive));
        using var service = new SqliteConnection($"Data Source={Path.Combine(state, "history.db")};Pooling=False");
        service.Open();
        using (var hold = service.CreateCommand())
        {
            hold.CommandText = "PRAGMA locking_mode = EXCLUSIVE; INSERT INTO t VALUES ('held');"; // as HistoryDatabase holds it
            hold.ExecuteNonQuery();
        }

        Assert.Contains("stop it first", StateBackup.Create(state, Path.Combine(_work, "other.tar.gz")), StringComparison.Ordinal);
        Assert.Contains("stop it first", StateBackup.Restore(archive, state), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "other.tar.gz")));
    }

    [Fact]
    public async Task The_service_program_backs_up_with_exit_0_and_refuses_a_damaged_file_with_exit_2()
    {
        var state = State();
        var archive = Path.Combine(_work, "by-program.tar.gz");

        Assert.Equal(0, await ProgramAsync("backup", archive, $"--Storage:StateDirectory={state}"));
        await File.WriteAllTextAsync(Path.Combine(_work, "not-a-backup.tar.gz"), "hello");
        Assert.Equal(2, await ProgramAsync("restore", Path.Combine(_work, "not-a-backup.tar.gz"), $"--Storage:StateDirectory={state}"));
        Assert.Equal("kept", Scalar(Path.Combine(state, "history.db"), "SELECT note FROM t"));
    }

    private static async Task<int> ProgramAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeckCare.Device.Host.dll"));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return process.ExitCode;
    }

    private string State(string name = "state")
    {
        var dir = Path.Combine(_work, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "api-token"), $"token-of-{name}\n");
        File.WriteAllText(Path.Combine(dir, "pairings.json"), "[]");
        File.WriteAllText(Path.Combine(dir, "tuned-gains.json"), """{"Heat":{"Kp":1,"Ki":0.1,"Kd":2}}""");
        File.WriteAllText(Path.Combine(dir, ".write-probe-1"), "");
        using (var db = new SqliteConnection($"Data Source={Path.Combine(dir, "history.db")};Pooling=False"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "CREATE TABLE IF NOT EXISTS t(note TEXT); DELETE FROM t; INSERT INTO t VALUES ('kept');";
            c.ExecuteNonQuery();
        }

        return dir;
    }

    private static string Snapshot(string dir) =>
        string.Join('\n', Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static string? Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = sql;
        return q.ExecuteScalar() as string;
    }
}
