using NeckCare.Device.Gpio;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Host.Configuration;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// "NeckCare.Device.Host failsafe-off": the unit's ExecStopPost. It reads the same settings the service
/// reads (appsettings.json beside it, the environment, the command line) and, for the GPIO backend,
/// switches the PWM channels and output lines off (FailSafeOff), whatever state the service died in.
/// It starts no web host and no controller, so it runs in a fraction of the service's start-up.
/// </summary>
internal static class FailSafeCommand
{
    public const string Verb = "failsafe-off";

    public static int Run(string[] args, IGpioKernel? kernel = null)
    {
        var configuration = VerbSettings.Read(args);
        var backend = configuration.GetValue(HardwareOptions.Section + ":" + nameof(HardwareOptions.Backend), HardwareBackend.Simulator);
        if (backend != HardwareBackend.Gpio)
        {
            // A serial massager's firmware expires its own outputs when the host goes quiet (PROTOCOL.md, section 4).
            Console.WriteLine($"failsafe-off: backend {backend}: the device switches itself off when the host stops; nothing to do.");
            return 0;
        }

        var options = new GpioOptions();
        configuration.GetSection(GpioOptions.Section).Bind(options);
        Console.WriteLine("failsafe-off: switching the motor PWM and the output lines off");
        return FailSafeOff.Run(options, kernel ?? new LinuxGpioKernel(), Console.Out);
    }
}
