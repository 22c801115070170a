using Microsoft.Extensions.Logging.Abstractions;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Host.Control;

namespace NeckCare.Device.Host.Tests;

/// <summary>The saved auto-tune gains: read as data, checked, set aside when damaged, written atomically.</summary>
public sealed class TunedGainsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neckcare-gains-").FullName;

    private string FilePath => Path.Combine(_dir, TunedGainsStore.DefaultFileName);

    private TunedGainsStore Store() => new(FilePath, NullLogger<TunedGainsStore>.Instance);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("""{"Heat":{"Kp":1.2,""")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"Heat":null}""")]
    [InlineData("""{"Heat":{"Kp":"1","Ki":0.1,"Kd":4}}""")]
    [InlineData("""{"Heat":{"Kp":1.2,"Ki":0.1}}""")]
    [InlineData("""{"Heat":{"Kp":11,"Ki":0.1,"Kd":4}}""")]
    [InlineData("""{"Heat":{"Kp":1.2,"Ki":-0.1,"Kd":4}}""")]
    [InlineData("""{"Heat":{"Kp":1.2,"Ki":0.1,"Kd":1e300}}""")]
    public void A_damaged_file_is_set_aside_and_the_configured_gains_apply_with_a_warning_naming_it(string text)
    {
        File.WriteAllText(FilePath, text);

        var load = Store().Load();

        Assert.Null(load.Gains);
        Assert.Contains(FilePath, load.Warning, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));
        var aside = Assert.Single(Directory.GetFiles(_dir, TunedGainsStore.DefaultFileName + ".damaged-*"));
        Assert.Equal(text, File.ReadAllText(aside));
    }

    [Fact]
    public void No_file_means_the_configured_gains_and_no_warning()
    {
        Assert.Equal(new TunedGainsLoad(null, null), Store().Load());
    }

    [Fact]
    public void A_good_file_gives_its_gains_and_nothing_else_in_it_is_read()
    {
        File.WriteAllText(FilePath, """{"Urls":"http://0.0.0.0:1","Heat":{"Kp":2.5,"Ki":0.05,"Kd":7,"HighTargetC":50}}""");

        var load = Store().Load();

        Assert.Equal(new PidGains(2.5, 0.05, 7), load.Gains);
        Assert.Null(load.Warning);
    }

    [Fact]
    public async Task Saved_gains_load_back_and_no_temporary_file_is_left()
    {
        var store = Store();

        await store.SaveAsync(new AutoTuneResult(2, 30, 0.5, new PidGains(1.23456, 0.012346, 5.4321)));

        Assert.Equal(new PidGains(1.2346, 0.01235, 5.432), store.Load().Gains);
        Assert.Equal([FilePath], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Gains_out_of_range_are_never_saved_and_the_previous_file_stays()
    {
        var store = Store();
        await store.SaveAsync(new AutoTuneResult(2, 30, 0.5, new PidGains(1, 0.1, 4)));

        await store.SaveAsync(new AutoTuneResult(200, 30, 0.001, new PidGains(120, 0.1, 4)));

        Assert.Equal(new PidGains(1, 0.1, 4), store.Load().Gains);
    }
}
