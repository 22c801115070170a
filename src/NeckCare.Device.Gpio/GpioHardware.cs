using NeckCare.Device.Gpio.Inputs;
using NeckCare.Device.Gpio.Linux;
using NeckCare.Device.Gpio.Lines;
using NeckCare.Device.Gpio.Outputs;
using NeckCare.Device.Gpio.Pwm;
using NeckCare.Device.Gpio.Sensors;

namespace NeckCare.Device.Gpio;

/// <summary>Everything one connection holds. Disposing switches it all off and releases it.</summary>
internal sealed class GpioHardware : IDisposable
{
    private GpioHardware(GpioChip chip, GpioLines lines, HBridgeMotor motor,
        TimeProportionedHeater heater, IioAdcChannel adc, HwmonCurrent? current, TachCounter? tach)
    {
        Chip = chip;
        Lines = lines;
        Motor = motor;
        Heater = heater;
        Adc = adc;
        Current = current;
        Tach = tach;
    }

    public GpioChip Chip { get; }

    public GpioLines Lines { get; }

    public HBridgeMotor Motor { get; }

    public TimeProportionedHeater Heater { get; }

    public IioAdcChannel Adc { get; }

    public HwmonCurrent? Current { get; }

    public TachCounter? Tach { get; }

    public ITimer? Sampler { get; set; }

    public ITimer? WatchdogTimer { get; set; }

    public ITimer? HeaterHoldTimer { get; set; }

    public ITimer? CrossCheckTimer { get; set; }

    /// <summary>
    /// Lines are requested with their outputs inactive, and the PWM channels are switched off,
    /// before anything else is opened: whatever a crashed run left behind is undone first.
    /// </summary>
    public static GpioHardware Open(GpioOptions o, IGpioKernel kernel, TimeProvider time)
    {
        var opened = new List<IDisposable>();
        SysfsPwmChannel? forward = null, reverse = null;
        GpioLines? lines = null;
        try
        {
            var chip = GpioChip.OpenByLabel(kernel, o.DevRoot, o.ChipLabelList);
            opened.Add(chip);
            lines = chip.Request(LineSettingsFor(o), GpioMassager.Consumer);
            opened.Add(lines);
            var pwm = SysfsPwmChip.Open(o.SysRoot, o.PwmDevice);
            var wait = TimeSpan.FromMilliseconds(o.ExportTimeoutMilliseconds);
            var periodNs = 1_000_000_000L / o.PwmFrequencyHz;
            forward = pwm.Export(o.MotorPwmChannel, wait);
            forward.Configure(periodNs);
            forward.Off();
            if (o.MotorReversePwmChannel >= 0)
            {
                reverse = pwm.Export(o.MotorReversePwmChannel, wait);
                reverse.Configure(periodNs);
                reverse.Off();
            }

            var motor = new HBridgeMotor(forward, reverse, lines, (uint)o.MotorEnableLine,
                o.MotorDirectionLine >= 0 ? (uint)o.MotorDirectionLine : null, TimeSpan.FromMilliseconds(o.CoastMilliseconds));
            var heater = new TimeProportionedHeater(lines, (uint)o.HeaterLine, TimeSpan.FromMilliseconds(o.HeaterPeriodMilliseconds), time);
            opened.Add(heater);
            var adc = IioAdcChannel.Open(o.SysRoot, o.AdcName, o.AdcChannel);
            var current = string.IsNullOrWhiteSpace(o.CurrentSensor) ? null : HwmonCurrent.Open(o.SysRoot, o.CurrentSensor);
            var tach = o.TachLine >= 0 ? new TachCounter(o.TachPulsesPerRevolution, o.FullSpeedRpm, GpioMassager.TachWindow) : null;
            return new GpioHardware(chip, lines, motor, heater, adc, current, tach);
        }
        catch
        {
            forward?.Off();
            reverse?.Off();
            for (var i = opened.Count - 1; i >= 0; i--)
            {
                opened[i].Dispose();
            }

            throw;
        }
    }

    /// <summary>The request: outputs start inactive; the button and tach report edges, the button debounced by the kernel.</summary>
    public static List<LineSettings> LineSettingsFor(GpioOptions o)
    {
        var lines = new List<LineSettings>
        {
            new((uint)o.HeaterLine, LineProperties.Output),
            new((uint)o.MotorEnableLine, LineProperties.Output),
            new((uint)o.StopButtonLine, LineProperties.Input | LineProperties.ActiveLow | LineProperties.BiasPullUp | LineProperties.EdgeRising,
                Debounce: TimeSpan.FromMilliseconds(o.StopButtonDebounceMilliseconds)),
        };
        if (o.MotorDirectionLine >= 0)
        {
            lines.Add(new((uint)o.MotorDirectionLine, LineProperties.Output));
        }

        if (o.TachLine >= 0)
        {
            lines.Add(new((uint)o.TachLine, LineProperties.Input | LineProperties.EdgeRising));
        }

        return lines;
    }

    public void Dispose()
    {
        Sampler?.Dispose();
        WatchdogTimer?.Dispose();
        HeaterHoldTimer?.Dispose();
        CrossCheckTimer?.Dispose();
        Motor.OffBestEffort();
        try
        {
            Heater.Off();
        }
        finally
        {
            Heater.Dispose();
            Lines.Dispose(); // the kernel takes the lines back: with the pull-downs, off
            Chip.Dispose();
        }
    }
}
