namespace NeckCare.Device.Serial;

/// <summary>
/// Retransmission timeout from measured round trips, as RFC 6298: SRTT and RTTVAR smoothed per
/// sample, RTO = SRTT + max(1 ms, 4·RTTVAR), clamped to [25 ms, 250 ms], doubled on each timeout.
/// Samples of retransmitted commands are not taken (Karn's rule), since their ack is ambiguous.
/// </summary>
public sealed class RetransmitTimer
{
    public static readonly TimeSpan Min = TimeSpan.FromMilliseconds(25);
    // The ceiling keeps the host's promise of a valid frame at least every 250 ms even while acks are lost.
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(250);
    private double? _srtt;
    private double _rttvar;

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMilliseconds(100);

    public void Sample(TimeSpan rtt)
    {
        var r = rtt.TotalSeconds;
        if (_srtt is not { } srtt)
        {
            _srtt = r;
            _rttvar = r / 2;
        }
        else
        {
            _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(srtt - r));
            _srtt = (0.875 * srtt) + (0.125 * r);
        }

        Timeout = Clamp(TimeSpan.FromSeconds(_srtt!.Value + Math.Max(0.001, 4 * _rttvar)));
    }

    public void Backoff() => Timeout = Clamp(Timeout * 2);

    private static TimeSpan Clamp(TimeSpan t) => t < Min ? Min : t > Max ? Max : t;
}
