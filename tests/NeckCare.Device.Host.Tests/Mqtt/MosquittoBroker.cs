using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeckCare.Device.Host.Tests.Mqtt;

/// <summary>
/// A real Mosquitto on a free loopback port, in its own folder: anonymous, with a password, or with TLS
/// from a certificate authority made for this test. Stop and start it again to play a broker outage.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string User = "neckcare";
    public const string Password = "s3cret-for-tests";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neckcare-mqtt-{Guid.NewGuid():N}");
    private Process? _process;

    private MosquittoBroker(bool withPassword, bool withTls)
    {
        Directory.CreateDirectory(_dir);
        Port = FreePort();
        // As root Mosquitto would switch to its own user, which cannot read this test's files: stay who we are.
        var lines = new List<string> { $"listener {Port} 127.0.0.1", "persistence false", "log_dest stderr", $"user {Environment.UserName}" };
        if (withPassword)
        {
            var passwords = Path.Combine(_dir, "passwd");
            Run("mosquitto_passwd", $"-b -c {passwords} {User} {Password}");
            lines.Add("allow_anonymous false");
            lines.Add($"password_file {passwords}");
        }
        else
        {
            lines.Add("allow_anonymous true");
        }

        if (withTls)
        {
            (CaFile, var certFile, var keyFile) = MakeCertificates(_dir);
            lines.Add($"cafile {CaFile}");
            lines.Add($"certfile {certFile}");
            lines.Add($"keyfile {keyFile}");
        }

        File.WriteAllLines(Path.Combine(_dir, "mosquitto.conf"), lines);
    }

    public int Port { get; }

    /// <summary>The test CA's certificate (PEM), with TLS.</summary>
    public string? CaFile { get; }

    public static async Task<MosquittoBroker> StartAsync(bool withPassword = false, bool withTls = false)
    {
        var broker = new MosquittoBroker(withPassword, withTls);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the broker (again) on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        // Debian installs it in /usr/sbin, which an ordinary user's PATH may lack.
        var mosquitto = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        _process = Process.Start(new ProcessStartInfo(mosquitto, $"-c {Path.Combine(_dir, "mosquitto.conf")}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        // Ready when it says it listens (an event, not a poll); the limit only turns a broker that never starts into a failure.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Opening ipv4 listen socket", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("mosquitto exited at start"));
        _process.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>From the next start on, anyone may connect whatever credential they send (the password file is dropped).</summary>
    public void AllowAnyone()
    {
        var conf = Path.Combine(_dir, "mosquitto.conf");
        File.WriteAllLines(conf, File.ReadAllLines(conf)
            .Where(l => !l.StartsWith("password_file", StringComparison.Ordinal))
            .Select(l => l == "allow_anonymous false" ? "allow_anonymous true" : l));
    }

    /// <summary>Kills the broker: connections drop at once, as with a pulled cable or a crash.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>A CA and a server certificate for 127.0.0.1 signed by it, as PEM files.</summary>
    private static (string Ca, string Cert, string Key) MakeCertificates(string dir)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=NeckCare test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

        var caPath = Path.Combine(dir, "ca.pem");
        var certPath = Path.Combine(dir, "server.pem");
        var keyPath = Path.Combine(dir, "server.key");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        File.WriteAllText(certPath, server.ExportCertificatePem());
        File.WriteAllText(keyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return (caPath, certPath, keyPath);
    }
}
