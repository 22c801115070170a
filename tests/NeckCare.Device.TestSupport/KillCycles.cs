using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit;

namespace NeckCare.Device.TestSupport;

/// <summary>What a run of kill cycles found.</summary>
/// <param name="CutByKill">How the sessions each kill cut were found after the restart ("Interrupted", "Stopped"), counted; every one was found.</param>
public sealed record KillReport(int Cycles, int Sessions, int Faults, string Integrity, long HalfWrittenSessions, long HalfWrittenFaults, TimeSpan Took)
{
    public IReadOnlyDictionary<string, int> CutByKill { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// Durability against the real service as a child process, killed with SIGKILL at random moments:
/// during sessions, right after one ends while its record may still be queued, during a fault's
/// recording. After every kill the service starts cleanly on the same file and every record it had
/// reported must still be there (an assertion fails the run otherwise); at the end the file is checked
/// with PRAGMA integrity_check and for half-written records. A seeded Random makes every run the same
/// sequence of moments; the real-time waits between steps only vary the moments, never the outcome.
/// Used by KillTests (50 cycles, in the test command) and the benchmark's durability suite (more).
/// </summary>
public static class KillCycles
{
    private const string Token = "Kt4Wq8Zr2Lm6Xv0Bn3Hs7Jd1Fy5Pc9Ga-uEoTiRkNwV";

    public static async Task<KillReport> RunAsync(string hostDll, string state, int cycles, int seed)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed);
        var sessions = new HashSet<long>();
        var faults = new HashSet<long>();

        var lastMoments = new Dictionary<string, int>();
        string? expectLast = null; // how the session cut by the last kill must read after the restart
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            using var service = await Service.StartAsync(hostDll, state);
            var all = await AllSessionsAsync(service.Http);
            var seen = all.Keys.ToHashSet();
            Assert.True(sessions.IsSubsetOf(seen), $"cycle {cycle}: lost sessions {string.Join(", ", sessions.Except(seen))}");
            if (expectLast is { } expected)
            {
                // The session the kill cut: stopped and answered (its end committed before the answer), or
                // running (its row written at its start, marked Interrupted by this start). Never missing.
                var cut = all.Where(kv => !sessions.Contains(kv.Key)).ToList();
                Assert.True(cut.Count == 1, $"cycle {cycle}: the session cut by the kill is missing (expected one {expected}, found {cut.Count})");
                Assert.Equal(expected, cut[0].Value);
                sessions.Add(cut[0].Key);
                lastMoments[expected] = lastMoments.GetValueOrDefault(expected) + 1;
            }

            var seenFaults = (await service.Http.GetFromJsonAsync<JsonElement>("/api/v1/faults?limit=1000")).EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToHashSet();
            Assert.True(faults.IsSubsetOf(seenFaults), $"cycle {cycle}: lost faults");
            Assert.Empty(Directory.GetFiles(state, "history.db.damaged-*"));

            var killAfter = random.Next(0, 6);
            for (var step = 0; step < killAfter; step++)
            {
                // This test is about durability: a fault still latched from the step before is acknowledged
                // and the start tried again (seen once at 60×: docs/history.md, "Known issues").
                var started = await UntilAsync(async () =>
                {
                    var start = await service.Http.PostAsync("/api/v1/session/start", Json("""{"durationMinutes":5,"heat":"Low"}"""));
                    if (!start.IsSuccessStatusCode)
                    {
                        await service.Http.PostAsync("/api/v1/faults/acknowledge", null);
                    }

                    return start.IsSuccessStatusCode;
                }, every: 50);
                Assert.True(started);
                await Task.Delay(random.Next(0, 40));
                if (random.Next(3) == 0)
                {
                    // A fault: the session ends Faulted, and 10 simulated seconds later its recording is written.
                    await service.Http.PostAsync("/api/v1/simulator/faults/SensorOpen", null);
                    await UntilAsync(async () => await StateAsync(service.Http) == "Faulted");
                    await service.Http.DeleteAsync("/api/v1/simulator/faults/SensorOpen");
                    // Spaced out: acknowledge is a command, and commands are rate-limited.
                    await UntilAsync(async () => (await service.Http.PostAsync("/api/v1/faults/acknowledge", null)).IsSuccessStatusCode, every: 50);
                    var fault = await UntilAsync(async () => (await service.Http.GetFromJsonAsync<JsonElement>("/api/v1/faults?limit=1000")).EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).FirstOrDefault(id => !faults.Contains(id)),
                        describe: async () => $"faults {await service.Http.GetStringAsync("/api/v1/faults")}; known {string.Join(",", faults)}; status {await service.Http.GetStringAsync("/api/v1/status")}");
                    faults.Add(fault);
                }
                else
                {
                    await service.Http.PostAsync("/api/v1/session/stop", null);
                }

                var known = sessions.ToHashSet();
                var recorded = await UntilAsync(async () => (await AllSessionsAsync(service.Http)).Keys.FirstOrDefault(id => !known.Contains(id)));
                sessions.Add(recorded);
            }

            // The last moment: mid-session, or 0–200 ms after a Stop answered. Either way the session
            // must be found after the restart, as Interrupted or as Stopped.
            var start = await service.Http.PostAsync("/api/v1/session/start", Json("""{"durationMinutes":5,"heat":"Low"}"""));
            Assert.True(start.IsSuccessStatusCode, $"cycle {cycle}: the last start was refused: {await start.Content.ReadAsStringAsync()}");
            expectLast = "Interrupted";
            if (random.Next(2) == 0)
            {
                await Task.Delay(random.Next(0, 200));
                Assert.True((await service.Http.PostAsync("/api/v1/session/stop", null)).IsSuccessStatusCode);
                expectLast = "Stopped";
            }

            await Task.Delay(random.Next(0, 200));
            service.Kill();
        }

        using var db = new SqliteConnection($"Data Source={Path.Combine(state, "history.db")};Pooling=false");
        db.Open();
        var report = new KillReport(cycles, sessions.Count, faults.Count, (string)Scalar(db, "PRAGMA integrity_check;")!,
            (long)Scalar(db, "SELECT COUNT(*) FROM sessions WHERE ended_at_ms < started_at_ms OR json_valid(levels) = 0 OR ended NOT IN ('Completed','Stopped','PausedTooLong','Faulted','LinkLost','Interrupted','Running');")!,
            // Whole: valid JSON that reaches the end of the 10 s after the fault (the loop ticks at the idle
            // period then, so the length says little).
            (long)Scalar(db, "SELECT COUNT(*) FROM faults WHERE json_valid(trace) = 0 OR json_extract(trace, '$[#-1][0]') IS NULL OR json_extract(trace, '$[#-1][0]') < 9.4;")!,
            watch.Elapsed);
        db.Close();
        SqliteConnection.ClearAllPools();
        return report with { CutByKill = lastMoments };
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<Dictionary<long, string>> AllSessionsAsync(HttpClient http)
    {
        var sessions = new Dictionary<long, string>();
        for (var page = 1; ; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"/api/v1/history?page={page}&pageSize=100");
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                sessions[item.GetProperty("id").GetInt64()] = item.GetProperty("ended").GetString()!;
            }

            if (page * 100 >= body.GetProperty("total").GetInt32())
            {
                return sessions;
            }
        }
    }

    private static async Task<string?> StateAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/status")).GetProperty("state").GetString();

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        return c.ExecuteScalar();
    }

    /// <summary>Polls until <paramref name="probe"/> gives a non-default value (the limit only turns a hang into a failure).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> probe, int every = 5, Func<Task<string>>? describe = null)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await probe();
            if (!EqualityComparer<T>.Default.Equals(value, default) || DateTime.UtcNow > limit)
            {
                Assert.False(EqualityComparer<T>.Default.Equals(value, default), "the service never got there (a hang?) " + (describe is null ? "" : await describe()));
                return value;
            }

            await Task.Delay(every);
        }
    }

    /// <summary>The host as a child process on its own port, simulator at 60× so a fault's 10 s pass in a sixth of a second.</summary>
    private sealed class Service : IDisposable
    {
        private readonly Process _process;

        private Service(Process process, int port)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }

        public HttpClient Http { get; }

        public static async Task<Service> StartAsync(string hostDll, string state)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
                     {
                         hostDll, $"--urls=http://127.0.0.1:{port}",
                         $"--Storage:StateDirectory={state}", $"--Api:Token={Token}", "--Api:CommandsPerTenSeconds=600",
                         "--Simulator:TimeScale=60", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                     })
            {
                info.ArgumentList.Add(a);
            }

            // Ready is an event, not a poll: Kestrel's "Now listening on" line, or the process's exit.
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the service exited with {process.ExitCode}"));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var service = new Service(process, port);
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the limit only turns a hang into a failure
            // Said when it fails: once on a loaded machine the service did not reach Idle within the guard.
            Assert.True(await UntilAsync(async () => await StateAsync(service.Http) == "Idle",
                describe: async () => "(never Idle; status: " + await service.Http.GetStringAsync("/api/v1/status") + ")"), "the service never reached Idle");
            return service;
        }

        public void Kill()
        {
            _process.Kill(); // SIGKILL: no shutdown code of ours runs
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            Http.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
