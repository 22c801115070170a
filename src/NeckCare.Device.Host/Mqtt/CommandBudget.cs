namespace NeckCare.Device.Host.Mqtt;

/// <summary>
/// A token bucket for MQTT commands other than Stop (which is never limited): a hub stuck in a loop, or
/// anyone who can publish to the broker, cannot keep the owner loop busy with commands.
/// </summary>
internal sealed class CommandBudget(TimeProvider time, int perSecond = 10, int burst = 20)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
