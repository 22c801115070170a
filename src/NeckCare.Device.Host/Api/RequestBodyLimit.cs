namespace NeckCare.Device.Host.Api;

/// <summary>
/// Every request body the API takes is a few fields of JSON. Kestrel's default limit (30 MB) let eight
/// parallel uploads push the process past a Pi Zero's memory; anything above <see cref="MaxBytes"/> is
/// refused with 413 before it is buffered. A declared length is checked at once; a chunked body is
/// counted as it is read. Kestrel enforces the same limit as well (Program.cs).
/// </summary>
internal static class RequestBodyLimit
{
    public const int MaxBytes = 4096;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                throw new BadHttpRequestException($"The body is {context.Request.ContentLength} bytes; at most {MaxBytes} are accepted.", StatusCodes.Status413PayloadTooLarge);
            }

            if (context.Request.ContentLength is null)
            {
                context.Request.Body = new CountingBody(context.Request.Body);
            }

            await next(context).ConfigureAwait(false);
        });

    /// <summary>Counts a body of unknown length and refuses it once it passes the limit.</summary>
    private sealed class CountingBody(Stream inner) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > MaxBytes
                ? throw new BadHttpRequestException($"The body is longer than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
