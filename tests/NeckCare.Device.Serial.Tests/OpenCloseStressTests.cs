using NeckCare.Device.Serial.Linux;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// Descriptor numbers are reused at once after a close. A port closed while its reader thread was about
/// to poll or read must never let that thread read from the next port that got the same number.
/// </summary>
public class OpenCloseStressTests
{
    private const int Rounds = 150;

    private static async Task OneWorkerAsync(int worker, CancellationToken hang)
    {
        for (var round = 0; round < Rounds; round++)
        {
            using var pty = PseudoTerminal.Open();
            var port = LinuxSerialPort.Open(pty.SlavePath, 115200);
            var sent = Enumerable.Range(0, 600).Select(i => (byte)(i * 7 + round + worker)).ToArray();
            pty.Write(sent);

            var got = new byte[sent.Length];
            var n = 0;
            while (n < got.Length)
            {
                var r = await port.ReadAsync(got.AsMemory(n), hang);
                Assert.True(r > 0, $"worker {worker} round {round}: end of stream after {n} bytes");
                n += r;
            }

            Assert.Equal(sent, got);

            // Leave bytes unread and close while the reader may be inside poll(): the next open (here or
            // in the other worker) may get the same descriptor number.
            pty.Write(sent.AsSpan(0, 100));
            _ = port.ReadAsync(new byte[16], hang).AsTask();
            port.Dispose();
        }
    }

    [Fact]
    public async Task Hundreds_of_opens_and_closes_under_concurrent_io_lose_no_byte_to_another_port()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // only a hang reaches it

        await Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(() => OneWorkerAsync(w, hang.Token))));
    }
}
