using System.Buffers.Binary;
using System.Text;
using NeckCare.Device.Gpio.Linux;

namespace NeckCare.Device.TestSupport.Gpio;

/// <summary>
/// GPIO chips in memory behind the <see cref="IGpioKernel"/> seam, with the kernel's rules: a line is
/// requested once (EBUSY), offsets must exist (EINVAL), an output cannot detect edges, a closed
/// request returns its lines to their defaults (pull-downs: off), and a removed chip fails every call
/// (ENODEV). It decodes the request bytes itself, from the header's layout, independently of
/// GpioEncoding, so an encoder bug shows up here as a wrong line or flag.
/// </summary>
public sealed class FakeGpioKernel : IGpioKernel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeChip> _chips = [];
    private readonly Dictionary<int, object> _fds = [];
    private int _nextFd = 100;

    /// <summary>Raised on every change of an output's value, with the chip path, offset and new value.</summary>
    public event Action<string, uint, bool>? OutputChanged;

    /// <summary>Every line request made, as the kernel decoded it.</summary>
    public List<FakeLineRequest> Requests { get; } = [];

    public int OpenDescriptors
    {
        get
        {
            lock (_gate)
            {
                return _fds.Count;
            }
        }
    }

    public void AddChip(string path, string label, uint lines)
    {
        lock (_gate)
        {
            _chips[path] = new FakeChip(path, label, lines);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    /// <summary>The chip's driver goes away (a disconnected HAT, an unbound driver): every later call fails with ENODEV.</summary>
    public void RemoveChip(string path)
    {
        lock (_gate)
        {
            _chips[path].Removed = true;
        }
    }

    /// <summary>The line's physical level now (an unrequested output sits at its pulled-down default).</summary>
    public bool Level(string chip, uint offset)
    {
        lock (_gate)
        {
            return _chips[chip].Values[offset];
        }
    }

    public FakeLineRequest? Holder(string chip, uint offset)
    {
        lock (_gate)
        {
            return _chips[chip].Holders[offset];
        }
    }

    /// <summary>An edge on an input: queued as an event for the request holding it, if it asked for that edge.</summary>
    public void Edge(string chip, uint offset, bool rising, ulong timestampNs)
    {
        lock (_gate)
        {
            var c = _chips[chip];
            if (c.Holders[offset] is not { } request)
            {
                return;
            }

            var flags = request.FlagsOf(offset);
            var wanted = rising ? LineProperties.EdgeRising : LineProperties.EdgeFalling;
            if ((flags & wanted) == 0)
            {
                return;
            }

            var e = new byte[GpioUapi.LineEventSize];
            BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(0), timestampNs);
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(8), rising ? 1u : 2u);
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(12), offset);
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(16), ++request.Seqno);
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(20), request.Seqno);
            request.Queue.Enqueue(e);
        }
    }

    public GpioFd Open(string path)
    {
        lock (_gate)
        {
            if (!_chips.TryGetValue(path, out var chip) || chip.Removed)
            {
                throw new IOException($"open {path}: No such device (errno 19)", 19);
            }

            var fd = _nextFd++;
            _fds[fd] = chip;
            return new GpioFd(this, fd);
        }
    }

    public GpioFd Adopt(int fd)
    {
        lock (_gate)
        {
            return _fds.ContainsKey(fd) ? new GpioFd(this, fd) : throw new IOException("fcntl: Bad file descriptor (errno 9)", 9);
        }
    }

    public void Ioctl(GpioFd fd, uint request, Span<byte> argument)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var changes = new List<(string, uint, bool)>();
        lock (_gate)
        {
            var target = _fds.TryGetValue(fd.Number, out var t) ? t : throw new IOException("ioctl: Bad file descriptor (errno 9)", 9);
            var chip = target as FakeChip ?? ((FakeLineRequest)target).Chip;
            if (chip.Removed)
            {
                throw new IOException("ioctl: No such device (errno 19)", 19);
            }

            if (target is FakeChip c && request == GpioUapi.GetChipInfoIoctl)
            {
                argument[..GpioUapi.ChipInfoSize].Clear();
                Encoding.ASCII.GetBytes(Path.GetFileName(c.Path)).CopyTo(argument);
                Encoding.ASCII.GetBytes(c.Label).CopyTo(argument[32..]);
                BinaryPrimitives.WriteUInt32LittleEndian(argument[64..], c.Lines);
            }
            else if (target is FakeChip c2 && request == GpioUapi.GetLineIoctl)
            {
                var decoded = FakeLineRequest.Decode(c2, argument);
                foreach (var line in decoded.Lines)
                {
                    if (line.Offset >= c2.Lines)
                    {
                        throw new IOException("GPIO_V2_GET_LINE: Invalid argument (errno 22)", 22);
                    }

                    if (c2.Holders[line.Offset] is not null)
                    {
                        throw new IOException("GPIO_V2_GET_LINE: Device or resource busy (errno 16)", 16);
                    }

                    var output = (line.Flags & LineProperties.Output) != 0;
                    var input = (line.Flags & LineProperties.Input) != 0;
                    var edges = (line.Flags & (LineProperties.EdgeRising | LineProperties.EdgeFalling)) != 0;
                    if ((output && input) || (output && edges))
                    {
                        throw new IOException("GPIO_V2_GET_LINE: Invalid argument (errno 22)", 22);
                    }
                }

                var number = _nextFd++;
                decoded.Fd = number;
                _fds[number] = decoded;
                Requests.Add(decoded);
                foreach (var line in decoded.Lines)
                {
                    c2.Holders[line.Offset] = decoded;
                    if ((line.Flags & LineProperties.Output) != 0)
                    {
                        Drive(c2, line.Offset, line.Initial, changes);
                    }
                }

                BinaryPrimitives.WriteInt32LittleEndian(argument[GpioUapi.RequestFd..], number);
            }
            else if (target is FakeLineRequest r && (request == GpioUapi.LineSetValuesIoctl || request == GpioUapi.LineGetValuesIoctl))
            {
                var bits = BinaryPrimitives.ReadUInt64LittleEndian(argument);
                var mask = BinaryPrimitives.ReadUInt64LittleEndian(argument[8..]);
                ulong result = 0;
                for (var i = 0; i < r.Lines.Count; i++)
                {
                    if ((mask & (1UL << i)) == 0)
                    {
                        continue;
                    }

                    var line = r.Lines[i];
                    if (request == GpioUapi.LineSetValuesIoctl)
                    {
                        if ((line.Flags & LineProperties.Output) == 0)
                        {
                            throw new IOException("GPIO_V2_LINE_SET_VALUES: Operation not permitted (errno 1)", 1);
                        }

                        Drive(r.Chip, line.Offset, (bits & (1UL << i)) != 0, changes);
                    }
                    else
                    {
                        var level = r.Chip.Values[line.Offset];
                        var active = (line.Flags & LineProperties.ActiveLow) != 0 ? !level : level;
                        result |= active ? 1UL << i : 0;
                    }
                }

                if (request == GpioUapi.LineGetValuesIoctl)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(argument, result);
                }
            }
            else
            {
                throw new IOException($"ioctl 0x{request:X8}: Inappropriate ioctl for device (errno 25)", 25);
            }
        }

        foreach (var (chip, offset, value) in changes)
        {
            OutputChanged?.Invoke(chip, offset, value);
        }
    }

    public int ReadAvailable(GpioFd fd, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(fd);
        lock (_gate)
        {
            if (_fds[fd.Number] is not FakeLineRequest r)
            {
                return 0;
            }

            if (r.Chip.Removed)
            {
                throw new IOException("read: No such device (errno 19)", 19);
            }

            var n = 0;
            while (r.Queue.Count > 0 && n + GpioUapi.LineEventSize <= buffer.Length)
            {
                r.Queue.Dequeue().CopyTo(buffer[n..]);
                n += GpioUapi.LineEventSize;
            }

            return n;
        }
    }

    public void Close(int fd)
    {
        var changes = new List<(string, uint, bool)>();
        lock (_gate)
        {
            if (_fds.Remove(fd, out var target) && target is FakeLineRequest r)
            {
                r.Released = true;
                foreach (var line in r.Lines)
                {
                    r.Chip.Holders[line.Offset] = null;
                    Drive(r.Chip, line.Offset, r.Chip.Defaults[line.Offset], changes);
                }
            }
        }

        foreach (var (chip, offset, value) in changes)
        {
            OutputChanged?.Invoke(chip, offset, value);
        }
    }

    /// <summary>What an input reads when nothing drives it (a pull-up on the button, say).</summary>
    public void SetLevel(string chip, uint offset, bool level)
    {
        lock (_gate)
        {
            _chips[chip].Values[offset] = level;
            _chips[chip].Defaults[offset] = level;
        }
    }

    private static void Drive(FakeChip chip, uint offset, bool value, List<(string, uint, bool)> changes)
    {
        if (chip.Values[offset] != value)
        {
            chip.Values[offset] = value;
            changes.Add((chip.Path, offset, value));
        }
    }

    internal sealed class FakeChip(string path, string label, uint lines)
    {
        public string Path { get; } = path;

        public string Label { get; } = label;

        public uint Lines { get; } = lines;

        public bool Removed { get; set; }

        public bool[] Values { get; } = new bool[lines];

        public bool[] Defaults { get; } = new bool[lines];

        public FakeLineRequest?[] Holders { get; } = new FakeLineRequest?[lines];
    }
}

/// <summary>A line request as the fake kernel decoded it from the request struct's bytes.</summary>
public sealed class FakeLineRequest
{
    internal FakeGpioKernel.FakeChip Chip { get; private init; } = null!;

    public string Consumer { get; private init; } = "";

    public IReadOnlyList<LineSettings> Lines { get; private init; } = [];

    public uint EventBufferSize { get; private init; }

    public int Fd { get; set; }

    public bool Released { get; set; }

    internal uint Seqno { get; set; }

    internal Queue<byte[]> Queue { get; } = new();

    public LineProperties FlagsOf(uint offset) => Lines.Single(l => l.Offset == offset).Flags;

    public LineSettings Line(uint offset) => Lines.Single(l => l.Offset == offset);

    /// <summary>struct gpio_v2_line_request: offsets[64] @0, consumer[32] @256, config @288 (flags @0, num_attrs @8, attrs[10] of 24 bytes @32), num_lines @560, event_buffer_size @564.</summary>
    internal static FakeLineRequest Decode(FakeGpioKernel.FakeChip chip, ReadOnlySpan<byte> r)
    {
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[560..]);
        var config = r.Slice(288, 272);
        var defaults = BinaryPrimitives.ReadUInt64LittleEndian(config);
        var attrs = (int)BinaryPrimitives.ReadUInt32LittleEndian(config[8..]);
        var lines = new LineSettings[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = new LineSettings(BinaryPrimitives.ReadUInt32LittleEndian(r[(4 * i)..]), (LineProperties)defaults);
        }

        for (var a = 0; a < attrs; a++)
        {
            var at = config.Slice(32 + (24 * a), 24);
            var id = BinaryPrimitives.ReadUInt32LittleEndian(at);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(at[8..]);
            var mask = BinaryPrimitives.ReadUInt64LittleEndian(at[16..]);
            for (var i = 0; i < count; i++)
            {
                if ((mask & (1UL << i)) == 0)
                {
                    continue;
                }

                lines[i] = id switch
                {
                    1 => lines[i] with { Flags = (LineProperties)value },
                    2 => lines[i] with { Initial = (value & (1UL << i)) != 0 },
                    3 => lines[i] with { Debounce = TimeSpan.FromTicks((long)value * 10) },
                    _ => throw new IOException("GPIO_V2_GET_LINE: Invalid argument (errno 22)", 22),
                };
            }
        }

        var consumer = r.Slice(256, 32);
        var end = consumer.IndexOf((byte)0);
        return new FakeLineRequest
        {
            Chip = chip,
            Consumer = Encoding.ASCII.GetString(end < 0 ? consumer : consumer[..end]),
            Lines = lines,
            EventBufferSize = BinaryPrimitives.ReadUInt32LittleEndian(r[564..]),
        };
    }
}
