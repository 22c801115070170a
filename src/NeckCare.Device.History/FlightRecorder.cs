using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.History;

/// <summary>
/// Keeps the last 30 s of readings at the control rate; when a fault appears, takes them, adds the next
/// 10 s, and hands over the record. Acknowledgement is noted on the record when it comes in time, and
/// returned as an update otherwise. Each fault episode (a fault shown after none was) gets its own
/// record with its own trace, even when it starts inside the 10 s after an earlier one: the earlier
/// record keeps its code and its trace. Pure, like <see cref="SessionRecorder"/>.
/// </summary>
public sealed class FlightRecorder(double tripC)
{
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(10);

    private readonly Queue<(DateTimeOffset At, TraceSample Sample)> _recent = new();
    private readonly List<Capture> _open = [];
    private Capture? _episode;
    private (DateTimeOffset At, FaultCode Code)? _shown;

    /// <summary>Takes one tick; returns a finished fault record when its 10 s after have passed.</summary>
    public FaultHistoryRecord? Observe(SessionStatus status, TraceSample sample, DateTimeOffset now, out (DateTimeOffset FaultAt, string Code, DateTimeOffset At)? acknowledged)
    {
        ArgumentNullException.ThrowIfNull(status);
        acknowledged = null;
        _recent.Enqueue((now, sample));
        while (_recent.Count > 0 && now - _recent.Peek().At > Before + After)
        {
            _recent.Dequeue();
        }

        if (status.Fault is { } fault && _shown is null)
        {
            _shown = (fault.At, fault.Code);
            _episode = new Capture(fault.Code, fault.Message, fault.At);
            _open.Add(_episode);
        }
        else if (status.Fault is { } worse && _episode is { } capturing && worse.Code.Outranks(capturing.Code))
        {
            // The record names the fault the status shows: the most severe and specific of the episode
            // (a device's generic sensor bit often arrives a tick before the host names the open wire).
            capturing.Code = worse.Code;
            capturing.Message = worse.Message;
            _shown = (_shown!.Value.At, worse.Code);
        }
        else if (status.Fault is null && _shown is { } was)
        {
            _shown = null;
            if (_episode is { } open) // still open: a finished one is no longer the episode
            {
                open.AcknowledgedAt = now;
            }
            else
            {
                acknowledged = (was.At, was.Code.ToString(), now);
            }

            _episode = null;
        }

        // One record a tick at most; two episodes are at least a tick apart, so none waits long.
        if (_open.Find(c => now - c.At >= After) is not { } capture)
        {
            return null;
        }

        _open.Remove(capture);
        if (_episode == capture)
        {
            _episode = null; // a later acknowledgement of it is an update
        }

        var trace = _recent
            .Where(r => r.At >= capture.At - Before && r.At <= capture.At + After)
            .Select(r => r.Sample with { AtSeconds = Math.Round((r.At - capture.At).TotalSeconds, 3) })
            .ToList();
        return new FaultHistoryRecord(0, capture.Code.ToString(), capture.Message, capture.Code.Rank() + 1, capture.At,
            capture.AcknowledgedAt, null, tripC, trace);
    }

    private sealed class Capture(FaultCode code, string message, DateTimeOffset at)
    {
        public FaultCode Code { get; set; } = code;

        public string Message { get; set; } = message;

        public DateTimeOffset At { get; } = at;

        public DateTimeOffset? AcknowledgedAt { get; set; }
    }
}
