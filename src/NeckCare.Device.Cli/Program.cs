namespace NeckCare.Device.Cli;

/// <summary>The process entry: Ctrl+C ends `watch` cleanly; everything else is in <see cref="NeckCareCli"/>.</summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await NeckCareCli.RunAsync(args, Console.Out, Console.Error, connect: null, cancel.Token).ConfigureAwait(false);
    }
}
