using System.Globalization;
using NeckCare.Device.Protocol;

namespace NeckCare.Device.Conformance;

/// <summary>
/// The device-side rules of PROTOCOL.md, each checked by playing the host: handshake, settings clamps,
/// telemetry, refusal codes, duplicate suppression, heater hold, watchdog, stop button. Timings are
/// judged on the device's own clock (telemetry uptime) wherever it can be, so a slow test bench does
/// not fail a good device.
/// </summary>
public sealed class ConformanceSuite(DeviceProbe probe, Func<Task>? pressStopButton = null)
{
    private static readonly TimeSpan Answer = TimeSpan.FromMilliseconds(500);
    private static readonly Hello Standard = new(ProtocolInfo.Major, ProtocolInfo.Minor, 1000, 450, 500);
    private byte _seq;

    private byte NextSeq() => ++_seq;

    public async Task<IReadOnlyList<CheckResult>> RunAsync()
    {
        var results = new List<CheckResult>();
        foreach (var (name, rule, check) in Checks())
        {
            probe.Forget();
            string? failure;
            try
            {
                failure = await check().ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                failure = "link error: " + ex.Message;
            }

            results.Add(failure switch
            {
                null => new CheckResult(name, rule, Outcome.Pass, "ok"),
                ['-', '-', ' ', .. var why] => new CheckResult(name, rule, Outcome.NotRun, why),
                _ => new CheckResult(name, rule, Outcome.Fail, failure),
            });
        }

        // Leave the device safe.
        probe.Send(NextSeq(), new StopAll());
        return results;
    }

    private IEnumerable<(string Name, string Rule, Func<Task<string?>> Check)> Checks()
    {
        yield return ("handshake", "§5 Hello is answered by Identify echoing the applied settings", HandshakeAsync);
        yield return ("settings-clamped", "§4 the device clamps watchdog, ceiling and heater hold to its own limits", ClampsAsync);
        yield return ("version-mismatch", "§5 another major version gets Identify with the device's own version, settings zero", MismatchAsync);
        yield return ("telemetry-rate", "§8 telemetry every 100 ms ±10 ms while a handshake is active", TelemetryAsync);
        yield return ("commands-ok", "§8 Ping, StopAll and ClearFaults are answered Ok", CommandsOkAsync);
        yield return ("out-of-range", "§4 an out-of-range field is answered OutOfRange and changes nothing", OutOfRangeAsync);
        yield return ("unknown-type", "§8 a device→host type sent to the device gets UnknownType", UnknownTypeAsync);
        yield return ("duplicates", "§3 the same seq again is answered again and not acted on again", DuplicatesAsync);
        yield return ("stale-seq", "§3 an older seq is answered Stale and ignored", StaleAsync);
        yield return ("heater-hold", "§4 the heater goes off heaterHoldMs after the last SetOutputs", HeaterHoldAsync);
        yield return ("watchdog", "§4 no valid frame for watchdogMs: outputs off, WatchdogExpired, NotReady until Hello", WatchdogAsync);
        yield return ("stop-button", "§4 the button cuts outputs, latches ButtonStop, refuses non-zero outputs until ClearFaults", StopButtonAsync);
    }

    private async Task<Identify?> HelloAsync(Hello hello)
    {
        var seq = NextSeq();
        probe.Send(seq, hello);
        return await probe.NextAsync<Identify>(i => i.AckedSeq == seq, Answer).ConfigureAwait(false) as Identify;
    }

    private async Task<AckResult?> CommandAsync(byte seq, Message message)
    {
        probe.Send(seq, message);
        return (await probe.NextAsync<Ack>(a => a.AckedSeq == seq, Answer).ConfigureAwait(false) as Ack)?.Result;
    }

    private Task<AckResult?> CommandAsync(Message message) => CommandAsync(NextSeq(), message);

    private async Task<string?> HandshakeAsync()
    {
        if (await HelloAsync(Standard).ConfigureAwait(false) is not { } id)
        {
            return "no Identify within 500 ms";
        }

        return id.ProtocolMajor != ProtocolInfo.Major ? $"protocol {id.ProtocolMajor}.{id.ProtocolMinor}"
            : id.WatchdogMs is 0 or > 1000 || id.CeilingDeciC is 0 or > 450 || id.HeaterHoldMs is 0 or > 500
                ? Inv($"echoed watchdog {id.WatchdogMs} ms, ceiling {id.CeilingDeciC / 10.0} °C, hold {id.HeaterHoldMs} ms: each must be at or below what was asked and non-zero")
            : null;
    }

    private async Task<string?> ClampsAsync()
    {
        var id = await HelloAsync(new Hello(ProtocolInfo.Major, ProtocolInfo.Minor, 60000, 900, 60000)).ConfigureAwait(false);
        var problem = id is null ? "no Identify"
            : id.WatchdogMs > ProtocolInfo.MaxWatchdogMs || id.CeilingDeciC > ProtocolInfo.MaxCeilingDeciC || id.HeaterHoldMs > 1000
                ? Inv($"applied watchdog {id.WatchdogMs} ms, ceiling {id.CeilingDeciC / 10.0} °C, hold {id.HeaterHoldMs} ms when asked for far more")
            : null;
        return await HelloAsync(Standard).ConfigureAwait(false) is null ? "no Identify after the clamp test" : problem;
    }

    private async Task<string?> MismatchAsync()
    {
        var seq = NextSeq();
        probe.Send(seq, new Hello(ProtocolInfo.Major + 1, 0, 1000, 450, 500));
        var answer = await probe.NextAsync(m => m is Identify i && i.AckedSeq == seq || m is Ack a && a.AckedSeq == seq, Answer).ConfigureAwait(false);
        var problem = answer switch
        {
            null => "no answer",
            Identify { ProtocolMajor: ProtocolInfo.Major + 1 } => "the device claims the other major version",
            Identify i when i.WatchdogMs != 0 || i.CeilingDeciC != 0 || i.HeaterHoldMs != 0 => "settings applied although the versions differ",
            Identify => null,
            _ => "answered Ack, not Identify with the device's own version",
        };
        return await HelloAsync(Standard).ConfigureAwait(false) is null ? "no Identify after the mismatch" : problem;
    }

    private async Task<string?> TelemetryAsync()
    {
        var uptimes = new List<uint>();
        while (uptimes.Count < 11)
        {
            if (uptimes.Count % 3 == 0)
            {
                probe.Send(NextSeq(), new Ping()); // keeps the watchdog fed: silence would stop telemetry
            }

            if (await probe.NextAsync<Telemetry>(_ => true, Answer).ConfigureAwait(false) is not Telemetry t)
            {
                return $"telemetry stopped after {uptimes.Count} frames";
            }

            uptimes.Add(t.UptimeMs);
        }

        var gaps = uptimes.Zip(uptimes.Skip(1), (a, b) => (long)b - a).ToList();
        return gaps.All(g => g is >= 90 and <= 110) ? null : $"gaps on the device's clock: {string.Join(", ", gaps)} ms";
    }

    private async Task<string?> CommandsOkAsync()
    {
        foreach (var m in new Message[] { new Ping(), new StopAll(), new ClearFaults() })
        {
            if (await CommandAsync(m).ConfigureAwait(false) is var r && r != AckResult.Ok)
            {
                return $"{m.Type} answered {r?.ToString() ?? "nothing"}";
            }
        }

        return null;
    }

    private async Task<string?> OutOfRangeAsync()
    {
        foreach (var o in new[] { new SetOutputs(1001, 0, 0), new SetOutputs(0, 0, 1001), new SetOutputs(100, 2, 0) })
        {
            if (await CommandAsync(o).ConfigureAwait(false) is var r && r != AckResult.OutOfRange)
            {
                return $"{o} answered {r?.ToString() ?? "nothing"}";
            }
        }

        var t = await probe.NextAsync<Telemetry>(_ => true, Answer).ConfigureAwait(false) as Telemetry;
        return t is { HeaterPermille: 0 } ? null : "an out-of-range command changed the outputs";
    }

    private async Task<string?> UnknownTypeAsync()
    {
        var r = await CommandAsync(new DeviceEventMessage(EventKind.Fault, 0)).ConfigureAwait(false);
        return r == AckResult.UnknownType ? null : $"answered {r?.ToString() ?? "nothing"}";
    }

    private async Task<string?> DuplicatesAsync()
    {
        // Acting on a retransmission again would refresh the heater's hold: resending the same seq
        // must be answered each time, and the heater must still expire on time.
        if (await HelloAsync(Standard).ConfigureAwait(false) is not { } id)
        {
            return "no Identify";
        }

        var heat = NextSeq();
        if (await CommandAsync(heat, new SetOutputs(0, 0, 300)).ConfigureAwait(false) != AckResult.Ok)
        {
            return "SetOutputs refused";
        }

        if (await probe.NextAsync<Telemetry>(t => t.HeaterPermille > 0, Answer).ConfigureAwait(false) is not Telemetry on)
        {
            return "the heater never came on";
        }

        var start = probe.Time.GetTimestamp();
        while (probe.Time.GetElapsedTime(start) < TimeSpan.FromMilliseconds(id.HeaterHoldMs + 1000))
        {
            if (await CommandAsync(heat, new SetOutputs(0, 0, 300)).ConfigureAwait(false) != AckResult.Ok)
            {
                return "a retransmission was not answered with the same Ack";
            }

            // Telemetry read past while waiting for the Ack counts too.
            if ((probe.LastTelemetry is { HeaterPermille: 0 } seen ? seen
                : await probe.NextAsync<Telemetry>(t => t.HeaterPermille == 0, TimeSpan.FromMilliseconds(100)).ConfigureAwait(false)) is Telemetry off)
            {
                var held = off.UptimeMs - on.UptimeMs;
                return held <= id.HeaterHoldMs + 110 ? null
                    : Inv($"the heater stayed on {held} ms (hold {id.HeaterHoldMs} ms): retransmissions were acted on");
            }
        }

        return "retransmissions kept the heater on: they were acted on again";
    }

    private async Task<string?> StaleAsync()
    {
        var old = NextSeq();
        _ = NextSeq();
        var current = NextSeq();
        if (await CommandAsync(current, new Ping()).ConfigureAwait(false) != AckResult.Ok)
        {
            return "Ping refused";
        }

        var r = await CommandAsync(old, new SetOutputs(0, 0, 300)).ConfigureAwait(false);
        return r == AckResult.Stale ? null : $"an older seq answered {r?.ToString() ?? "nothing"}";
    }

    private async Task<string?> HeaterHoldAsync()
    {
        if (await HelloAsync(Standard).ConfigureAwait(false) is not { } id)
        {
            return "no Identify";
        }

        if (await CommandAsync(new SetOutputs(0, 0, 300)).ConfigureAwait(false) != AckResult.Ok)
        {
            return "SetOutputs refused";
        }

        // On the device's clock: the first telemetry with the heater on, then the first with it off.
        var on = await probe.NextAsync<Telemetry>(t => t.HeaterPermille > 0, Answer).ConfigureAwait(false) as Telemetry;
        if (on is null)
        {
            return "the heater never came on";
        }

        var deadline = TimeSpan.FromMilliseconds(id.HeaterHoldMs + 1000);
        Telemetry? off = null;
        var start = probe.Time.GetTimestamp();
        while (off is null && probe.Time.GetElapsedTime(start) < deadline)
        {
            probe.Send(NextSeq(), new Ping()); // feeds the watchdog, not the heater
            off = await probe.NextAsync<Telemetry>(t => t.HeaterPermille == 0, TimeSpan.FromMilliseconds(100)).ConfigureAwait(false) as Telemetry;
        }

        if (off is null)
        {
            return "the heater stayed on";
        }

        var held = off.UptimeMs - on.UptimeMs;
        return held <= id.HeaterHoldMs + 110 ? null : Inv($"the heater stayed on {held} ms on the device's clock (hold {id.HeaterHoldMs} ms)");
    }

    private async Task<string?> WatchdogAsync()
    {
        if (await HelloAsync(Standard).ConfigureAwait(false) is not { } id)
        {
            return "no Identify";
        }

        if (await CommandAsync(new SetOutputs(200, 0, 0)).ConfigureAwait(false) != AckResult.Ok)
        {
            return "SetOutputs refused";
        }

        // Silence: the device must go safe by itself and say so.
        var fault = await probe.NextAsync<DeviceEventMessage>(e => e.Kind == EventKind.Fault && (e.Faults & 2) != 0,
            TimeSpan.FromMilliseconds(id.WatchdogMs + 500)).ConfigureAwait(false);
        if (fault is null)
        {
            return "no Event (Fault, WatchdogExpired) after the watchdog period";
        }

        var refused = await CommandAsync(new SetOutputs(200, 0, 0)).ConfigureAwait(false);
        if (refused != AckResult.NotReady)
        {
            return $"SetOutputs after the watchdog answered {refused?.ToString() ?? "nothing"}, not NotReady";
        }

        return await HelloAsync(Standard).ConfigureAwait(false) is null ? "no Identify after the watchdog" : null;
    }

    private async Task<string?> StopButtonAsync()
    {
        if (pressStopButton is null)
        {
            return "-- needs a person at the device (--with-button)";
        }

        if (await HelloAsync(Standard).ConfigureAwait(false) is null || await CommandAsync(new SetOutputs(200, 0, 300)).ConfigureAwait(false) != AckResult.Ok)
        {
            return "could not switch outputs on";
        }

        await pressStopButton().ConfigureAwait(false);
        if (await probe.NextAsync<DeviceEventMessage>(e => e.Kind == EventKind.ButtonStop, TimeSpan.FromSeconds(30)).ConfigureAwait(false) is null)
        {
            return "no Event (ButtonStop)";
        }

        var again = await CommandAsync(new SetOutputs(200, 0, 300)).ConfigureAwait(false);
        var off = await CommandAsync(new SetOutputs(0, 0, 0)).ConfigureAwait(false);
        var cleared = await CommandAsync(new ClearFaults()).ConfigureAwait(false);
        var after = await CommandAsync(new SetOutputs(200, 0, 0)).ConfigureAwait(false);
        probe.Send(NextSeq(), new StopAll());
        return again != AckResult.NotReady ? $"outputs after the press answered {again?.ToString() ?? "nothing"}, not NotReady"
            : off != AckResult.Ok ? "all-off was refused during the stop"
            : cleared != AckResult.Ok ? "ClearFaults refused"
            : after != AckResult.Ok ? $"outputs after ClearFaults answered {after?.ToString() ?? "nothing"}"
            : null;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
