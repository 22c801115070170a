using NeckCare.Device.Gpio.Sensors;
using NeckCare.Device.TestSupport.Gpio;

namespace NeckCare.Device.Gpio.Tests;

public class SensorTests
{
    /// <summary>A 10 kΩ B3950 by the Beta equation (R = 10 kΩ · e^(3950 · (1/T − 1/298.15 K))).</summary>
    [Theory]
    [InlineData(33_620, 0.0)]
    [InlineData(10_000, 25.0)]
    [InlineData(5_301, 40.0)]
    [InlineData(4_348, 45.0)]
    [InlineData(1_270, 80.0)]
    public void A_b3950_thermistor_converts_as_its_table_says(double ohms, double celsius)
    {
        var ntc = new NtcThermistor();

        Assert.Equal(celsius, ntc.TemperatureC(ohms), 1);
        Assert.Equal(ohms, ntc.OhmsAt(celsius), ohms * 0.001);
    }

    [Fact]
    public void Steinhart_hart_with_the_beta_equations_coefficients_gives_the_same_temperatures()
    {
        var beta = new NtcThermistor();
        var sh = new NtcThermistor(steinhartHart: ((1 / 298.15) - (Math.Log(10_000) / 3950), 1 / 3950.0, 0));

        foreach (var ohms in new[] { 30_000.0, 10_000, 5_000, 2_000 })
        {
            Assert.Equal(beta.TemperatureC(ohms), sh.TemperatureC(ohms), 6);
        }
    }

    [Theory]
    [InlineData(3.30, NtcState.Open, -40.0)]
    [InlineData(3.25, NtcState.Open, -40.0)]
    [InlineData(0.00, NtcState.Shorted, 150.0)]
    [InlineData(0.05, NtcState.Shorted, 150.0)]
    [InlineData(double.NaN, NtcState.NoReading, double.NaN)]
    public void A_divider_at_a_rail_is_an_open_or_shorted_thermistor_never_a_temperature(double volts, NtcState state, double reported)
    {
        var divider = new NtcDivider(new NtcThermistor());

        var (s, c) = divider.Convert(volts);

        Assert.Equal(state, s);
        Assert.Equal(reported, c);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(41.0)]
    [InlineData(44.0)]
    public void A_divider_between_the_rails_reads_the_pad_temperature(double celsius)
    {
        var divider = new NtcDivider(new NtcThermistor());

        var (state, c) = divider.Convert(divider.VoltsAt(celsius));

        Assert.Equal(NtcState.Ok, state);
        Assert.Equal(celsius, c, 6);
    }

    [Fact]
    public void The_adc_is_found_by_its_iio_name_and_read_as_raw_times_scale()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());
        var other = Path.Combine(tree.Options.SysRoot, "bus", "iio", "devices", "iio:device1");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "name"), "mcp3008\n");
        File.WriteAllText(tree.RawPath, "13200\n");

        var adc = IioAdcChannel.Open(tree.Options.SysRoot, "ads1115", 0);

        Assert.EndsWith("iio:device0", adc.Device, StringComparison.Ordinal);
        Assert.Equal(1.65, adc.ReadVolts(), 6); // 13200 × 0.125 mV
        File.WriteAllText(tree.RawPath, "garbage\n");
        Assert.True(double.IsNaN(adc.ReadVolts()));
        File.Delete(tree.RawPath);
        Assert.ThrowsAny<IOException>(() => adc.ReadVolts()); // a failed conversion is no sample at all
        Assert.Throws<IOException>(() => IioAdcChannel.Open(tree.Options.SysRoot, "ads1115", 3));
    }

    [Theory]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n", 23.125)]
    [InlineData("ff ff 4b 46 7f ff 01 10 44 : crc=44 YES\nff ff 4b 46 7f ff 01 10 44 t=-62\n", -0.062)]
    public void A_ds18b20_reading_with_a_good_crc_is_a_temperature(string w1Slave, double celsius)
    {
        Assert.Equal(celsius, Ds18b20.Parse(w1Slave));
    }

    [Theory]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=a2 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n")]
    [InlineData("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n")]
    [InlineData("")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=hot\n")]
    public void A_ds18b20_reading_with_a_bad_crc_the_power_on_value_or_no_number_is_never_a_temperature(string w1Slave)
    {
        Assert.Null(Ds18b20.Parse(w1Slave));
    }

    [Fact]
    public void Motor_current_comes_from_the_hwmon_device_named_ina219_in_milliamperes()
    {
        using var tree = new SimulatedGpioTree(new ManualTimeProvider());
        File.WriteAllText(tree.CurrentPath!, "1234\n");

        var current = HwmonCurrent.Open(tree.Options.SysRoot, "ina219");

        Assert.Equal(1.234, current.ReadAmperes(), 6);
        Assert.Throws<IOException>(() => HwmonCurrent.Open(tree.Options.SysRoot, "ina226"));
    }
}
