using System.Text.Json;
using Microsoft.Data.Sqlite;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.History;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// Start-up and data never crash (issue 20, item 9): a damaged row is left out and counted with a
/// notice, damaged personal limits are not used, a file missing its tables is set aside, and a state
/// directory that takes no writes stops the service with exit 2 and a sentence.
/// </summary>
public sealed class DamagedDataTests
{
    private static readonly DateTimeOffset At = ManualTimeProvider.DefaultStart.AddDays(-1);

    /// <summary>A history file in <paramref name="dir"/> with one good session, then <paramref name="damage"/> done to it from outside.</summary>
    private static void Prepare(string dir, string damage)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, HistoryDatabase.DefaultFileName);
        using (var db = HistoryDatabase.Open(path, new ManualTimeProvider()))
        {
            new HistoryStore(db).Insert(new SessionRecord(0, At, At.AddMinutes(10), 600, 600, SessionEnd.Completed, HeatLevel.Low, 38, 2, 0, false, [new(0, 1)], []));
        }

        SqliteConnection.ClearAllPools();
        using var raw = new SqliteConnection($"Data Source={path};Pooling=false");
        raw.Open();
        using var c = raw.CreateCommand();
        c.CommandText = damage;
        c.ExecuteNonQuery();
    }

    private static async Task<JsonElement> Get(HttpClient client, string path) => JsonDocument.Parse(await client.GetStringAsync(path)).RootElement;

    [Fact]
    public async Task A_damaged_session_row_is_left_out_of_the_history_and_the_exports_counted_and_shown_as_a_notice()
    {
        await using var app = new MassagerApp();
        Prepare(app.StateDirectory, $"""
            INSERT INTO sessions (started_at_ms, ended_at_ms, chosen_seconds, actual_seconds, ended, heat, max_temperature_c, max_level, ease_offs, guided_release, levels, ceilings)
            VALUES ({At.AddHours(1).ToUnixTimeMilliseconds()}, 0, 600, 'ten', 'Bogus', 'Scorching', NULL, 1, 0, 0, 'not json', '[]');
            """);
        var client = await app.StartAsync();

        var page = await Get(client, "/api/v1/history?from=2025-01-01T00:00:00Z");
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCodeOk, (int)(await client.GetAsync("/api/v1/history/export?format=csv")).StatusCode);
        Assert.Equal(1, (await Get(client, "/api/v1/history/export?format=json")).GetArrayLength());
        Assert.Equal(HttpStatusCodeOk, (int)(await client.GetAsync("/api/v1/history/summary")).StatusCode);

        await app.AdvanceAsync(TimeSpan.FromSeconds(1)); // the owner loop posts the notice at its next step
        var notices = (await Get(client, "/api/v1/status")).GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notices, n => n.Contains("could not be read and were left out", StringComparison.Ordinal));
    }

    private const int HttpStatusCodeOk = 200;

    [Fact]
    public async Task Damaged_personal_limits_are_not_used_and_a_notice_says_so()
    {
        await using var app = new MassagerApp();
        Prepare(app.StateDirectory, """INSERT INTO settings (key, value) VALUES ('personal-limits', '{"MaxLevel":-5,"MaxHeat":7,"DefaultMinutes":60}');""");
        var client = await app.StartAsync();

        var status = await Get(client, "/api/v1/status");
        var limits = status.GetProperty("limits");
        Assert.Equal(JsonValueKind.Null, limits.GetProperty("maxLevel").ValueKind);
        Assert.Equal("High", limits.GetProperty("maxHeat").GetString());
        Assert.Contains(status.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("saved personal limits were damaged", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-5, HeatLevel.High, null)]
    [InlineData(11, HeatLevel.High, null)]
    [InlineData(null, (HeatLevel)7, null)]
    [InlineData(null, HeatLevel.High, 60)]
    [InlineData(null, HeatLevel.High, 4)]
    public void The_domain_refuses_personal_limits_outside_the_routine_whoever_sends_them(int? maxLevel, HeatLevel maxHeat, int? minutes)
    {
        var rig = Rig.Connected();

        var refusal = rig.Refuse(new SetPersonalLimits(new PersonalLimits(maxLevel, maxHeat, minutes)));

        Assert.Equal("invalid-limits", refusal.Code);
        Assert.Equal(PersonalLimits.None, rig.Status.Limits);
    }

    [Fact]
    public void A_history_file_at_the_right_version_but_missing_its_tables_is_set_aside_and_a_new_one_started()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-notables-").FullName;
        try
        {
            var path = Path.Combine(dir, HistoryDatabase.DefaultFileName);
            using (var raw = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                raw.Open();
                using var c = raw.CreateCommand();
                c.CommandText = "PRAGMA user_version = 1; CREATE TABLE other (x);";
                c.ExecuteNonQuery();
            }

            using var db = HistoryDatabase.Open(path, new ManualTimeProvider());

            Assert.NotNull(db.SetAside);
            Assert.Equal(0, new HistoryStore(db).Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 1, 10).Total);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_state_directory_that_takes_no_writes_stops_the_service_with_exit_2_naming_the_option()
    {
        var dir = Directory.CreateTempSubdirectory("neckcare-ro-").FullName;
        var mount = await FullDiskTests.RunAsync("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir);
        Assert.True(mount.Code == 0, $"mounting a read-only tmpfs needs root (CI runs as root): {mount.Output}");
        try
        {
            var (exitCode, stderr) = await StartupTests.RunServiceAsync($"--Storage:StateDirectory={dir}");

            Assert.Equal(2, exitCode);
            Assert.Contains($"Storage:StateDirectory ({dir}) cannot be written: the state directory is read-only", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await FullDiskTests.RunAsync("umount", dir);
            Directory.Delete(dir);
        }
    }
}
