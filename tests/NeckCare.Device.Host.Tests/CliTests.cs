using NeckCare.Device.Cli;

namespace NeckCare.Device.Host.Tests;

/// <summary>The `neckcare` command-line client against the real host on the simulator.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("neckcare-cli-").FullName;
    private readonly string? _oldConfig = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");

    // Only this class reads XDG_CONFIG_HOME, and its tests run one at a time.
    public CliTests() => Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _config);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _oldConfig);
        Directory.Delete(_config, recursive: true);
    }

    private static async Task<(int Exit, string Out, string Err)> Run(MassagerApp app, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NeckCareCli.RunAsync(args, output, error, _ => app.CreateDefaultClient(), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static Task<(int Exit, string Out, string Err)> RunWithToken(MassagerApp app, params string[] args) =>
        Run(app, [.. args, "--token", MassagerApp.Token]);

    [Fact]
    public async Task Status_prints_one_line_a_person_reads_at_a_glance()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var (exit, output, _) = await RunWithToken(app, "status");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("Idle", output, StringComparison.Ordinal);
        Assert.Contains("pad 30.0 °C", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_shows_the_warm_up_and_a_refused_raise_exits_non_zero_with_the_controllers_reason()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var started = await RunWithToken(app, "start", "--minutes", "10", "--heat", "low");
        var raised = await RunWithToken(app, "raise");

        Assert.Equal(ExitCodes.Ok, started.Exit);
        Assert.StartsWith("WarmingUp  level 1/5  [--------------------] 10:00 left  (raise in 60 s)", started.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, raised.Exit);
        Assert.Contains("Warming up: intensity can be raised in 60 s. (warm-up)", raised.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_session_command_reaches_the_controller()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        await RunWithToken(app, "start", "--heat", "high");
        await app.AdvanceAsync(TimeSpan.FromSeconds(61));

        Assert.Equal(ExitCodes.Ok, (await RunWithToken(app, "raise")).Exit);
        Assert.Equal(ExitCodes.Ok, (await RunWithToken(app, "raise")).Exit);
        Assert.Contains("level 2/5", (await RunWithToken(app, "lower")).Out, StringComparison.Ordinal);
        Assert.Contains("heat Off", (await RunWithToken(app, "heat", "off")).Out, StringComparison.Ordinal);
        Assert.Contains("level 1/5", (await RunWithToken(app, "ease-off")).Out, StringComparison.Ordinal);
        Assert.StartsWith("Idle", (await RunWithToken(app, "stop")).Out, StringComparison.Ordinal);

        await RunWithToken(app, "start", "--heat", "high");
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));
        app.Device.Inject(NeckCare.Device.Simulator.Physics.SimulatedFault.SensorOpen);
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        Assert.Contains("FAULT SensorOpen", (await RunWithToken(app, "status")).Out, StringComparison.Ordinal);
        var early = await RunWithToken(app, "ack");
        Assert.Equal(ExitCodes.Refused, early.Exit);
        Assert.Contains("(cause-present)", early.Err, StringComparison.Ordinal);
        app.Device.Clear(NeckCare.Device.Simulator.Physics.SimulatedFault.SensorOpen);
        await app.AdvanceAsync(TimeSpan.FromSeconds(6));
        Assert.StartsWith("Idle", (await RunWithToken(app, "ack")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_credential_it_says_to_pair_first_and_exits_3()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var (exit, _, error) = await Run(app, "status");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains("pair first", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairing_with_the_link_remembers_the_address_and_token_owner_only_for_later_commands()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var paired = await Run(app, "pair", $"http://localhost/#pair={MassagerApp.Token}");
        var status = await Run(app, "status");

        Assert.Equal(ExitCodes.Ok, paired.Exit);
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.True(File.Exists(Connection.SavedPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Connection.SavedPath));
        }

        Assert.Equal(ExitCodes.Usage, (await Run(app, "pair", "http://localhost/")).Exit);
        Assert.Equal(ExitCodes.Unauthorized, (await Run(app, "pair", "http://localhost/#pair=wrong-wrong-wrong-wrong")).Exit);
    }

    [Fact]
    public async Task Watch_prints_the_full_status_first_then_a_line_per_update()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        await RunWithToken(app, "start");
        using var output = new LineSignallingWriter();
        using var error = new StringWriter();

        var watching = NeckCareCli.RunAsync(["watch", "--count", "3", "--token", MassagerApp.Token], output, error, _ => app.CreateDefaultClient(), CancellationToken.None);
        // Simulated time moves only after each line is out, so a slow machine cannot let the warm-up end mid-test.
        await output.WaitForLinesAsync(1);
        for (var shown = 2; shown <= 3; shown++)
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(1)); // telemetry once a second of simulated time
            await output.WaitForLinesAsync(shown);
        }

        var exit = await watching.WaitAsync(TimeSpan.FromMinutes(1)); // the limit only turns a hang into a failure
        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("WarmingUp", l, StringComparison.Ordinal));
    }

    /// <summary>Collects what the CLI writes and lets a test wait for the n-th line instead of guessing.</summary>
    private sealed class LineSignallingWriter : StringWriter
    {
        private readonly SemaphoreSlim _lines = new(0);
        private int _awaited;

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            _lines.Release();
            return Task.CompletedTask;
        }

        public async Task WaitForLinesAsync(int count)
        {
            while (_awaited < count)
            {
                Assert.True(await _lines.WaitAsync(TimeSpan.FromMinutes(1)), $"line {_awaited + 1} never came"); // the limit only turns a hang into a failure
                _awaited++;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _lines.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [Theory]
    [InlineData("heat", "medium")]
    [InlineData("start", "--heat", "warm")]
    public async Task A_heat_name_is_judged_by_the_controller_which_names_the_allowed_ones(params string[] args)
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var (exit, _, error) = await RunWithToken(app, args);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("Off, Low, High", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heat_names_are_taken_in_any_letter_case_as_the_controller_takes_them()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var started = await RunWithToken(app, "start", "--heat", "HIGH");

        Assert.Contains("heat High", started.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dance")]
    [InlineData("start", "--minutes", "ten")]
    public async Task Bad_arguments_exit_2_before_anything_is_sent(params string[] args)
    {
        await using var app = new MassagerApp();

        var (exit, _, error) = await Run(app, args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("neckcare: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_controller_that_cannot_be_reached_exits_4_naming_the_address()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await NeckCareCli.RunAsync(["status", "--url", "http://127.0.0.1:9", "--token", "x"], output, error, connect: null, CancellationToken.None);

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("cannot reach the controller at http://127.0.0.1:9/", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_faults_a_fault_and_export_print_what_the_controller_remembers()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        await RunWithToken(app, "start", "--minutes", "5", "--heat", "off");
        await app.AdvanceAsync(TimeSpan.FromSeconds(20));
        app.Device.Inject(NeckCare.Device.Simulator.Physics.SimulatedFault.MotorJam);
        await app.AdvanceAsync(TimeSpan.FromSeconds(12));
        var writer = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<NeckCare.Device.Host.History.HistoryService>(app.Services).Writer!;
        await writer.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1)); // the limit only turns a hang into a failure

        var history = await RunWithToken(app, "history", "--days", "3");
        var faults = await RunWithToken(app, "faults");
        var id = faults.Out.Split(' ')[0].TrimStart('#');
        var fault = await RunWithToken(app, "fault", id);
        var export = await RunWithToken(app, "export", "--format", "csv");

        Assert.Equal(ExitCodes.Ok, history.Exit);
        Assert.Contains("1 session", history.Out, StringComparison.Ordinal);
        Assert.Contains("Faulted", history.Out, StringComparison.Ordinal);
        Assert.Contains("MotorStalled  not acknowledged", faults.Out, StringComparison.Ordinal); // a jam at the lightest level stops the rotation
        Assert.Contains("MotorStalled at ", fault.Out, StringComparison.Ordinal);
        Assert.Contains("   -19    30.0   0.00   0.20", fault.Out, StringComparison.Ordinal); // the recording starts with the service, 20 s before
        Assert.Matches(@"\n\s+5(\.\d)?\s", fault.Out); // and goes on after it, a line a second (the loop ticks at its idle period then)
        Assert.StartsWith("id,started_at,ended_at", export.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, (await RunWithToken(app, "fault", "99999")).Exit);
    }

    [Fact]
    public async Task Limits_show_and_change_only_what_is_given_and_a_bad_value_is_refused_with_its_range()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var shown = await RunWithToken(app, "limits");
        var changed = await RunWithToken(app, "limits", "--max-level", "3", "--default-heat", "low");
        var again = await RunWithToken(app, "limits", "--max-heat", "low");
        var bad = await RunWithToken(app, "limits", "--default-minutes", "30");

        Assert.StartsWith("Highest intensity: the massager's highest; most heat: High", shown.Out, StringComparison.Ordinal);
        Assert.StartsWith("Highest intensity: 3; most heat: High; default length: as configured min; default heat: Low", changed.Out, StringComparison.Ordinal);
        Assert.StartsWith("Highest intensity: 3; most heat: Low", again.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, bad.Exit);
        Assert.Contains("defaultMinutes must be between 5 and 15", bad.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "is not the controller's address")]
    [InlineData("ftp://neckcare.local", "is not the controller's address")]
    public async Task A_bad_address_exits_2_with_a_sentence_not_a_trace(string url, string expected)
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var (exit, _, err) = await Run(app, "status", "--url", url);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_a_line_break_pasted_along_exits_2_with_a_sentence()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();

        var (exit, _, err) = await Run(app, "status", "--token", MassagerApp.Token + "\nextra");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("the token", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_to_a_folder_that_does_not_exist_exits_2_naming_the_file()
    {
        await using var app = new MassagerApp();
        await app.StartAsync();
        var path = Path.Combine(_config, "no-such-folder", "history.csv");

        var (exit, _, err) = await RunWithToken(app, "export", "--out", path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"cannot write {path}", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
