using System.Text.Json.Nodes;
using System.CommandLine;
using System.Text.Json;

namespace NeckCare.Device.Cli;

/// <summary>
/// neckcare: status, start, raise, lower, ease-off, heat, stop, ack, pair, watch, history, faults,
/// fault, export, limits. Every command
/// prints the controller's answer; a refusal prints the controller's own words and exits non-zero.
/// </summary>
public static class NeckCareCli
{
    /// <param name="connect">Makes the HTTP client for an address (tests hand in the in-memory server's).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<Uri, HttpClient>? connect, CancellationToken ct)
    {
        var url = new Option<string?>("--url") { Description = "The controller's address (default: NECKCARE_URL, the paired one, or http://localhost:5080)", Recursive = true };
        var token = new Option<string?>("--token") { Description = "The API token (default: NECKCARE_TOKEN or the paired one)", Recursive = true };
        var root = new RootCommand("Control a NeckCare massager from the command line.") { url, token };

        HttpClient Client(ParseResult p) => Connection.Resolve(p.GetValue(url), p.GetValue(token)).CreateClient(connect);

        async Task<int> Send(ParseResult p, HttpMethod method, string path, JsonObject? body, CancellationToken c)
        {
            using var http = Client(p);
            var (exit, json) = await ApiCall.SendAsync(http, method, path, body, error, c).ConfigureAwait(false);
            if (exit == ExitCodes.Ok && json is { ValueKind: JsonValueKind.Object } status && status.TryGetProperty("state", out _))
            {
                await output.WriteLineAsync(StatusLine.Format(status)).ConfigureAwait(false);
            }

            return exit;
        }

        var status = new Command("status", "Show the state, level, heat, time left and any fault.");
        status.SetAction((p, c) => Send(p, HttpMethod.Get, "/api/v1/status", null, c));

        var minutes = new Option<int?>("--minutes") { Description = "Session length, 5–15 (default: the personal default length, else 10)" };
        var startHeat = new Option<string?>("--heat") { Description = "off, low or high (default: the personal default heat)" };
        var guided = new Option<bool>("--guided-release") { Description = "After an ease-off, climb back slowly to one below the level that hurt" };
        var start = new Command("start", "Start a session at the lightest level (a one-minute warm-up first).") { minutes, startHeat, guided };
        start.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/session/start",
            new JsonObject { ["durationMinutes"] = p.GetValue(minutes), ["heat"] = p.GetValue(startHeat), ["guidedRelease"] = p.GetResult(guided) is null ? (bool?)null : p.GetValue(guided) }, c));

        var raise = new Command("raise", "One level up (not during the warm-up).");
        raise.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/session/intensity/raise", null, c));
        var lower = new Command("lower", "One level down.");
        lower.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/session/intensity/lower", null, c));
        var easeOff = new Command("ease-off", "Too much: two levels down; the level that hurt becomes the ceiling.");
        easeOff.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/session/ease-off", null, c));

        var heatLevel = new Argument<string>("level") { Description = "off, low or high" };
        // No list of spellings here: the controller judges the value (any letter case) and names the allowed ones.
        var heat = new Command("heat", "Switch heat off, low or high during a session.") { heatLevel };
        heat.SetAction((p, c) => Send(p, HttpMethod.Put, "/api/v1/session/heat", new JsonObject { ["level"] = p.GetValue(heatLevel) }, c));

        var stop = new Command("stop", "Stop at once: motor and heater off.");
        stop.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/session/stop", null, c));
        var ack = new Command("ack", "Acknowledge a fault once its cause is gone.");
        ack.SetAction((p, c) => Send(p, HttpMethod.Post, "/api/v1/faults/acknowledge", null, c));

        var link = new Argument<string>("link") { Description = "The pairing link the controller printed: http://host:port/#pair=…" };
        var pair = new Command("pair", "Check a pairing link and remember its address and token for later commands.") { link };
        pair.SetAction(async (p, c) =>
        {
            if (Connection.FromPairingLink(p.GetValue(link)!) is not { } paired)
            {
                await error.WriteLineAsync("neckcare: that is not a pairing link (http://host:port/#pair=…).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var http = paired.CreateClient(connect);
            var (exit, _) = await ApiCall.SendAsync(http, HttpMethod.Get, "/api/v1/status", null, error, c).ConfigureAwait(false);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }

            paired.Save();
            await output.WriteLineAsync($"Paired with {paired.Address} (saved in {Connection.SavedPath}).").ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        var count = new Option<int?>("--count") { Description = "Stop after this many updates (default: until Ctrl+C)" };
        var watch = new Command("watch", "A live status line with a progress bar, fed by the event stream.") { count };
        watch.SetAction(async (p, c) =>
        {
            using var http = Client(p);
            http.Timeout = Timeout.InfiniteTimeSpan;
            return await Watch.RunAsync(http, output, error, p.GetValue(count), c).ConfigureAwait(false);
        });

        foreach (var command in new[] { status, start, raise, lower, easeOff, heat, stop, ack, pair, watch }.Concat(HistoryCommands.Create(Client, output, error)))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"neckcare: {problem.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct).ConfigureAwait(false);
        }
        catch (UsageException bad)
        {
            await error.WriteLineAsync($"neckcare: {bad.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }
}
