namespace NeckCare.Device.Serial.Tests;

internal static class HostDeath
{
    /// <summary>Simulates a host process killed mid-session: its timers stop and nothing more is sent, no goodbye.</summary>
    public static async Task DisposeAsyncWithoutGoodbye(this SerialMassager host)
    {
        host.SimulateCrash();
        await Task.CompletedTask;
    }
}
