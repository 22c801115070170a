// The smallest ASP.NET Core app that does what the benchmark asks of the service: answer a health
// check, take a POST, and hold streaming clients. Whatever the service uses beyond this is its own cost.
var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/healthz", () => "ok");
app.MapPost("/echo", () => Results.NoContent());

// One line a second to every client, as the service's event stream sends telemetry.
app.MapGet("/stream", async (HttpContext http, CancellationToken ct) =>
{
    http.Response.ContentType = "text/event-stream";
    try
    {
        while (!ct.IsCancellationRequested)
        {
            await http.Response.WriteAsync("event: tick\ndata: {}\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            await Task.Delay(1000, ct);
        }
    }
    catch (OperationCanceledException)
    {
        // the client left
    }
});

await app.RunAsync();
