using System.Globalization;
using NeckCare.Device.Serial.Linux;
using NeckCare.Device.Simulator.Firmware;
using NeckCare.Device.Simulator.Physics;

// The simulated massager as a device on a pseudo-terminal: the firmware emulator speaks the device
// side of the protocol on the pty's master end; point the controller at the printed path.
//   dotnet run --project hw-sim/NeckCare.Device.SimDevice [-- --link PATH] [--corrupt RATE] [--drop RATE]
var link = Arg("--link") ?? Path.Combine(Path.GetTempPath(), "neckcare-sim");
if (Rate("--corrupt") is not { } corruption || Rate("--drop") is not { } drop)
{
    await Console.Error.WriteLineAsync("--corrupt and --drop take a rate between 0 and 1, e.g. --corrupt 0.01");
    return 2;
}

using var emulator = new FirmwareEmulator(TimeProvider.System);
emulator.LinkFaults.CorruptionRate = corruption;
emulator.LinkFaults.DropRate = drop;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// Started in the background (`&`, nohup, a service manager) it has no console: it runs until SIGTERM.
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });

var pty = Plug();
var serving = ServeForever();
Console.WriteLine($"Simulated massager on {pty.SlavePath} (also {link}).");
Console.WriteLine("Start the controller against it from another terminal:");
Console.WriteLine($"  dotnet run --project src/NeckCare.Device.Host -- --Hardware:Backend=Serial --Serial:Port={link}");
Console.WriteLine("Type 'help' for fault injection commands; Ctrl+C to quit.");

while (!stop.IsCancellationRequested)
{
    if (Console.ReadLine() is not { } line)
    {
        // No more input (stdin closed or never there): keep serving until SIGINT or SIGTERM.
        Console.WriteLine("No console input; serving until SIGINT or SIGTERM.");
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        break;
    }

    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words.Length == 0)
    {
        continue;
    }

    var reply = words[0] switch
    {
        "help" => """
            status                 firmware state and temperature
            button                 press the physical stop button
            jam | unjam            block the kneading heads / free them
            open | short | glitch | frozen | detached   sensor faults (again to clear)
            stuck | half           heater stuck on / half power (again to clear)
            lift                   lift the pad off the neck (again to put it back)
            hot                    cover the device: 20 W from outside (again to clear)
            corrupt RATE | drop RATE   link faults, e.g. corrupt 0.01
            garbage N              send N random bytes
            stall | unstall        hang the firmware / let it run
            reset                  reboot the device
            unplug | plug          pull the cable / plug it back in
            quit
            """,
        "status" => emulator.ToString(),
        "button" => Do(emulator.PressStopButton, "stop button pressed"),
        "jam" => Toggle(SimulatedFault.MotorJam, on: true),
        "unjam" => Toggle(SimulatedFault.MotorJam, on: false),
        "open" => Flip(SimulatedFault.SensorOpen),
        "short" => Flip(SimulatedFault.SensorShorted),
        "glitch" => Flip(SimulatedFault.SensorGlitch),
        "frozen" => Flip(SimulatedFault.SensorFrozen),
        "detached" => Flip(SimulatedFault.SensorDetached),
        "stuck" => Flip(SimulatedFault.HeaterStuckOn),
        "half" => Flip(SimulatedFault.HeaterHalfPower),
        "lift" => Flip(SimulatedFault.LiftedOff),
        "hot" => Flip(SimulatedFault.ExternalHeat),
        "corrupt" when words.Length > 1 => Set(r => emulator.LinkFaults.CorruptionRate = r, words[1], "corruption rate"),
        "drop" when words.Length > 1 => Set(r => emulator.LinkFaults.DropRate = r, words[1], "drop rate"),
        "garbage" when words.Length > 1 && int.TryParse(words[1], out var n) => Do(() => emulator.SendGarbage(n), $"{n} random bytes sent"),
        "stall" => Do(() => emulator.Stalled = true, "firmware hung"),
        "unstall" => Do(() => emulator.Stalled = false, "firmware running"),
        "reset" => Do(emulator.Reset, "device rebooted"),
        "unplug" => Do(() => pty.Dispose(), "cable pulled"),
        "plug" => Do(() => pty = Plug(), $"plugged in on {pty.SlavePath} ({link})"),
        "quit" => Do(stop.Cancel, "bye"),
        _ => "unknown command; type 'help'",
    };
    Console.WriteLine(reply);
}

await stop.CancelAsync();
await serving;
pty.Dispose();
File.Delete(link);
return 0;

PseudoTerminal Plug()
{
    var p = PseudoTerminal.Open();
    File.Delete(link);
    File.CreateSymbolicLink(link, p.SlavePath); // a stable name, as udev's /dev/serial/by-id gives
    return p;
}

async Task ServeForever()
{
    while (!stop.IsCancellationRequested)
    {
        var current = pty;
        try
        {
            await emulator.ServeAsync(current, stop.Token);
        }
        catch (ObjectDisposedException)
        {
            // unplugged
        }

        // Unplugged, or the line hung up: wait for a cable.
        await Task.Delay(100, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

string Flip(SimulatedFault fault)
{
    var on = !emulator.Physics.Has(fault);
    return Toggle(fault, on);
}

string Toggle(SimulatedFault fault, bool on)
{
    if (on)
    {
        emulator.Inject(fault);
    }
    else
    {
        emulator.Clear(fault);
    }

    return $"{fault} {(on ? "injected" : "cleared")}";
}

static string Do(Action action, string said)
{
    action();
    return said;
}

double? Rate(string name) =>
    Arg(name) is not { } text ? 0
    : double.TryParse(text, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1 ? rate
    : null;

static string Set(Action<double> set, string text, string what) =>
    double.TryParse(text, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
        ? Do(() => set(rate), $"{what} {rate}")
        : $"{what} must be a number from 0 to 1";

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
