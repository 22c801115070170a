using NeckCare.Device.Simulator.Links;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Serial.Tests;

/// <summary>
/// The harness's "both ends have read everything" must hold whatever the threads do between a write and
/// its count. CI once waited for ever on a pty link with 9 bytes "unread": the device had written an Ack,
/// the host had read and counted it, and the harness took its base before the device counted the write,
/// so the Ack looked sent after the base and never read. This pins the device right there.
/// </summary>
public sealed class LinkSettleTests
{
    /// <summary>A device end that, when told to, stops right after a write has gone out, before the device can count it.</summary>
    private sealed class HesitantEnd(Stream inner) : Stream
    {
        public ManualResetEventSlim Released { get; } = new(true);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Released.Wait(TimeSpan.FromMinutes(1)); // a deadlock guard only
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Released.Set();
            inner.Dispose();
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task A_reply_the_host_read_before_the_device_counted_it_does_not_leave_the_link_unsettled()
    {
        HesitantEnd? device = null;
        await using var rig = new LinkRig((h, _) =>
        {
            var (hostEnd, deviceEnd) = InMemoryLink.CreatePair();
            device = new HesitantEnd(deviceEnd);
            h.AttachDevice(device);
            return ValueTask.FromResult(hostEnd);
        });
        await rig.ConnectAsync();

        device!.Released.Reset();
        var before = rig.Host.Statistics.BytesReceived;
        rig.Host.StopAll(); // the device answers with an Ack, and stops right after writing it
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (rig.Host.Statistics.BytesReceived == before && guard.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Yield();
        }

        rig.CountLinkFromHere();
        device.Released.Set();

        await rig.RunAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(rig.Host.IsConnected);
    }
}
