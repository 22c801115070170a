using System.Diagnostics;
using System.Globalization;

namespace NeckCare.Device.Gpio.Pwm;

/// <summary>
/// One exported PWM channel. The kernel refuses a duty cycle longer than the period, so the period is
/// written first, then the duty, then enable. A sysfs PWM keeps running if the process dies, which is
/// why the service's ExecStopPost command switches it off again (see FailSafeOff).
/// </summary>
public sealed partial class SysfsPwmChannel
{
    private long _periodNs = -1;
    private long _dutyNs = -1;
    private int _enabled = -1;

    private SysfsPwmChannel(string directory, int channel)
    {
        Directory = directory;
        Channel = channel;
    }

    /// <summary>pwmchipN/pwmM.</summary>
    public string Directory { get; }

    public int Channel { get; }

    public long PeriodNs => _periodNs;

    /// <summary>
    /// Writes the channel number to "export" unless pwmM exists already (after a crash it does), then
    /// waits for the kernel and udev to create it and make it writable: udev changes the group of the new
    /// files a moment after export returns, which is real time, so the wait is real time too.
    /// </summary>
    internal static SysfsPwmChannel Export(string chipDirectory, int channel, TimeSpan wait)
    {
        var directory = Path.Combine(chipDirectory, "pwm" + channel.ToString(CultureInfo.InvariantCulture));
        if (!System.IO.Directory.Exists(directory))
        {
            File.WriteAllText(Path.Combine(chipDirectory, "export"), channel.ToString(CultureInfo.InvariantCulture));
        }

        var waited = Stopwatch.StartNew();
        while (!Writable(Path.Combine(directory, "enable")))
        {
            if (waited.Elapsed > wait)
            {
                throw new IOException($"{directory} did not appear (or is not writable) within {wait.TotalSeconds:0.#} s of export; is the service user in group gpio?");
            }

            Thread.Sleep(1);
        }

        return new SysfsPwmChannel(directory, channel);
    }

    /// <summary>Sets the period (with the channel off, so the order rule holds whatever ran before).</summary>
    public void Configure(long periodNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(periodNs, 0);
        Write("duty_cycle", 0, ref _dutyNs, force: true);
        Write("period", periodNs, ref _periodNs, force: true);
    }

    /// <summary>Sets the duty as a fraction of the period, clamped to [0, 1] (NaN is 0), and enables the channel.</summary>
    public void Drive(double fraction)
    {
        if (_periodNs <= 0)
        {
            throw new InvalidOperationException("Configure the period before driving the channel.");
        }

        var clamped = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        Write("duty_cycle", (long)Math.Round(clamped * _periodNs), ref _dutyNs, force: false);
        WriteEnable(1);
    }

    /// <summary>Duty 0, then disabled: off whatever the hardware does with a disabled output.</summary>
    public void Off()
    {
        Write("duty_cycle", 0, ref _dutyNs, force: false);
        WriteEnable(0);
    }

    /// <summary>The duty as the files say now (what the hardware drives), as a fraction; 0 when disabled.</summary>
    public double ReadFraction() => ReadFraction(Directory);

    public static double ReadFraction(string directory)
    {
        var enabled = ReadLong(Path.Combine(directory, "enable"));
        var period = ReadLong(Path.Combine(directory, "period"));
        var duty = ReadLong(Path.Combine(directory, "duty_cycle"));
        return enabled == 1 && period > 0 ? Math.Clamp((double)duty / period, 0, 1) : 0;
    }

    private void WriteEnable(int value)
    {
        if (_enabled != value)
        {
            File.WriteAllText(Path.Combine(Directory, "enable"), value.ToString(CultureInfo.InvariantCulture));
            _enabled = value;
        }
    }

    private void Write(string attribute, long value, ref long cached, bool force)
    {
        if (force || cached != value)
        {
            File.WriteAllText(Path.Combine(Directory, attribute), value.ToString(CultureInfo.InvariantCulture));
            cached = value;
        }
    }

    private static long ReadLong(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>access(W_OK): asks without opening, so a probe never counts as a write.</summary>
    private static bool Writable(string path) => File.Exists(path) && Access(path, 2) == 0;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "access", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
