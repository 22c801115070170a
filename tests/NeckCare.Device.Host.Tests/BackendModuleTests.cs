using Microsoft.Extensions.DependencyInjection;
using NeckCare.Device.Host.Backends;
using NeckCare.Device.Host.Configuration;
using NeckCare.Device.Serial;

namespace NeckCare.Device.Host.Tests;

/// <summary>Each backend is one module; Hardware:Backend picks it.</summary>
public class BackendModuleTests
{
    [Fact]
    public void Every_backend_the_configuration_accepts_has_exactly_one_module()
    {
        var services = new ServiceCollection();
        services.AddMassager();
        using var provider = services.BuildServiceProvider();

        var modules = provider.GetServices<IBackendModule>().Select(m => m.Backend).ToList();

        Assert.Equal(Enum.GetValues<HardwareBackend>().Order(), modules.Order());
    }

    [Fact]
    public async Task The_serial_backend_is_chosen_by_configuration_and_reports_a_missing_port_by_its_path()
    {
        await using var app = new MassagerApp(new Dictionary<string, string?>
        {
            ["Hardware:Backend"] = "Serial",
            ["Serial:Port"] = "/nonexistent/neckcare-tty",
        }, realBackend: true);
        _ = app.CreateClient();

        var device = app.Services.GetRequiredService<Core.Hardware.IMassagerDevice>();
        var error = await Assert.ThrowsAsync<IOException>(async () => await device.ConnectAsync(CancellationToken.None));

        Assert.IsType<SerialMassager>(device);
        Assert.Contains("/nonexistent/neckcare-tty", error.Message, StringComparison.Ordinal);
    }
}
