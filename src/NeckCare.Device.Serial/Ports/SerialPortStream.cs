using System.IO.Ports;

namespace NeckCare.Device.Serial.Ports;

/// <summary>
/// A serial port opened through System.IO.Ports (8N1, no flow control), as the link's stream. Closing
/// the stream closes the port.
/// </summary>
public sealed class SerialPortStream : Stream
{
    private readonly SerialPort _port;
    private readonly Stream _stream;

    private SerialPortStream(SerialPort port)
    {
        _port = port;
        _stream = port.BaseStream;
    }

    public static SerialPortStream Open(string path, int baudRate)
    {
        var port = new SerialPort(path, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 1000, // a write that cannot drain in a second means the link is gone
        };
        try
        {
            port.Open();
            return new SerialPortStream(port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _stream.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _stream.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _stream.Write(buffer);

    public override void Flush() => _stream.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _port.Dispose(); // closes the port and its stream
        }

        base.Dispose(disposing);
    }
}
