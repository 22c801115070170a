using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>
/// A sysfs PWM chip of regular files watched with inotify: every file the driver writes and closes
/// shows up as IN_CLOSE_WRITE, in the order it happened, and writing "export" makes the channel's
/// directory appear as the kernel would (built aside, watched, then renamed into place, so none of
/// its own setup is recorded).
/// </summary>
internal sealed partial class RecordingPwmChip : IDisposable
{
    private const uint InCloseWrite = 0x8;
    private readonly int _inotify;
    private readonly Thread _reader;
    private readonly Dictionary<int, string> _watches = [];
    private readonly string _chip;
    private const string Marker = "marker";
    private readonly object _seen = new();
    private volatile bool _stopping;

    public RecordingPwmChip(string device = "1f00098000.pwm", int channels = 2)
    {
        Root = Directory.CreateTempSubdirectory("neckcare-pwmrec-").FullName;
        _chip = Path.Combine(Root, "devices", device, "pwm", "pwmchip0");
        Directory.CreateDirectory(_chip);
        File.WriteAllText(Path.Combine(_chip, "npwm"), $"{channels}\n");
        File.WriteAllText(Path.Combine(_chip, "export"), "");
        Directory.CreateSymbolicLink(Path.Combine(_chip, "device"), "../../../" + device);
        Directory.CreateDirectory(Path.Combine(Root, "class", "pwm"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "class", "pwm", "pwmchip0"), Path.Combine("..", "..", "devices", device, "pwm", "pwmchip0"));
        _inotify = InotifyInit1(0x80000); // IN_CLOEXEC; blocking: Dispose wakes the reader with a write of its own
        Watch(_chip, "");
        _reader = new Thread(ReadEvents) { IsBackground = true };
        _reader.Start();
    }

    public string Root { get; }

    /// <summary>Files written, in order: "export", or "pwmN/attribute".</summary>
    public ConcurrentQueue<string> Writes { get; } = new();

    /// <summary>
    /// Writes a marker file after whatever the driver wrote and waits until the reader has seen it:
    /// inotify keeps order, so every write before it has been recorded, and no later one can sneak in.
    /// Returns the writes before the marker. The limit only turns a hang into a failure.
    /// </summary>
    public List<string> UpToNow()
    {
        File.WriteAllText(Path.Combine(_chip, Marker), "");
        lock (_seen)
        {
            var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Writes.Contains(Marker) && Monitor.Wait(_seen, limit - DateTime.UtcNow))
            {
            }
        }

        return [.. Writes.TakeWhile(w => w != Marker)];
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(_chip, relative)).Trim();

    public void Dispose()
    {
        _stopping = true;
        File.WriteAllText(Path.Combine(_chip, "wake"), ""); // an event, so the blocked read returns
        _reader.Join(TimeSpan.FromSeconds(10));
        _ = Close(_inotify);
        Directory.Delete(Root, recursive: true);
    }

    private void Watch(string directory, string prefix)
    {
        var wd = InotifyAddWatch(_inotify, directory, InCloseWrite);
        if (wd < 0)
        {
            throw new IOException($"inotify_add_watch {directory} failed ({Marshal.GetLastPInvokeError()})");
        }

        _watches[wd] = prefix;
    }

    private unsafe void ReadEvents()
    {
        var buffer = new byte[4096];
        while (!_stopping)
        {
            int n;
            fixed (byte* p = buffer)
            {
                n = (int)NativeRead(_inotify, p, buffer.Length);
            }

            if (n <= 0 || _stopping)
            {
                continue;
            }

            for (var at = 0; at < n;)
            {
                var wd = BitConverter.ToInt32(buffer, at);
                var length = BitConverter.ToInt32(buffer, at + 12);
                var name = System.Text.Encoding.ASCII.GetString(buffer, at + 16, length).TrimEnd('\0');
                at += 16 + length;
                var recorded = _watches[wd] + name;
                Writes.Enqueue(recorded);
                lock (_seen)
                {
                    Monitor.PulseAll(_seen);
                }

                if (recorded == "export")
                {
                    Export(File.ReadAllText(Path.Combine(_chip, "export")).Trim());
                }
            }
        }
    }

    private void Export(string channel)
    {
        var building = Path.Combine(_chip, ".pwm" + channel);
        Directory.CreateDirectory(building);
        foreach (var attribute in new[] { "period", "duty_cycle", "enable" })
        {
            File.WriteAllText(Path.Combine(building, attribute), "0\n");
        }

        Watch(building, $"pwm{channel}/");
        Directory.Move(building, Path.Combine(_chip, "pwm" + channel));
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1")]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint NativeRead(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
