namespace NeckCare.Device.Gpio.Linux;

/// <summary>
/// The GPIO character-device uAPI v2 (linux/gpio.h): ioctl numbers, struct sizes and field offsets.
/// The structs were designed with explicit padding so that they have one layout on every Linux
/// architecture (x86-64, arm64, armhf); tests/NeckCare.Device.Gpio.Tests/gpio-probe.c checks every value
/// here against the real header, natively and with the arm64 and armhf cross compilers.
/// </summary>
public static class GpioUapi
{
    public const int MaxNameSize = 32;
    public const int LinesMax = 64;
    public const int NumAttrsMax = 10;

    public const int ChipInfoSize = 68;
    public const int LineRequestSize = 592;
    public const int LineConfigSize = 272;
    public const int LineValuesSize = 16;
    public const int LineEventSize = 48;
    public const int ConfigAttributeSize = 24;

    // struct gpiochip_info
    public const int ChipInfoName = 0;
    public const int ChipInfoLabel = 32;
    public const int ChipInfoLines = 64;

    // struct gpio_v2_line_request
    public const int RequestOffsets = 0;
    public const int RequestConsumer = 256;
    public const int RequestConfig = 288;
    public const int RequestNumLines = 560;
    public const int RequestEventBufferSize = 564;
    public const int RequestFd = 588;

    // struct gpio_v2_line_config (relative to the config)
    public const int ConfigFlags = 0;
    public const int ConfigNumAttrs = 8;
    public const int ConfigAttrs = 32;

    // struct gpio_v2_line_config_attribute (relative to the attribute)
    public const int AttributeId = 0;
    public const int AttributeValue = 8; // the union: flags, values or debounce_period_us
    public const int AttributeMask = 16;

    // struct gpio_v2_line_values
    public const int ValuesBits = 0;
    public const int ValuesMask = 8;

    // struct gpio_v2_line_event
    public const int EventTimestampNs = 0;
    public const int EventId = 8;
    public const int EventOffset = 12;
    public const int EventSeqno = 16;
    public const int EventLineSeqno = 20;

    public const uint AttrIdFlags = 1;
    public const uint AttrIdOutputValues = 2;
    public const uint AttrIdDebounce = 3;

    public const uint EventRisingEdge = 1;
    public const uint EventFallingEdge = 2;

    public static readonly uint GetChipInfoIoctl = Ior(0xB4, 0x01, ChipInfoSize);
    public static readonly uint GetLineIoctl = Iowr(0xB4, 0x07, LineRequestSize);
    public static readonly uint LineSetConfigIoctl = Iowr(0xB4, 0x0D, LineConfigSize);
    public static readonly uint LineGetValuesIoctl = Iowr(0xB4, 0x0E, LineValuesSize);
    public static readonly uint LineSetValuesIoctl = Iowr(0xB4, 0x0F, LineValuesSize);

    // The generic encoding (asm-generic/ioctl.h), which x86 and arm both use: direction in bits 30–31,
    // size in 16–29, type in 8–15, number in 0–7.
    private static uint Ior(uint type, uint nr, int size) => Ioc(2, type, nr, size);

    private static uint Iowr(uint type, uint nr, int size) => Ioc(3, type, nr, size);

    private static uint Ioc(uint dir, uint type, uint nr, int size) =>
        (dir << 30) | ((uint)size << 16) | (type << 8) | nr;
}

/// <summary>enum gpio_v2_line_flag: direction, bias, edge detection and event clock of a line.</summary>
[Flags]
public enum LineProperties : ulong
{
    None = 0,
    Used = 1UL << 0,
    ActiveLow = 1UL << 1,
    Input = 1UL << 2,
    Output = 1UL << 3,
    EdgeRising = 1UL << 4,
    EdgeFalling = 1UL << 5,
    OpenDrain = 1UL << 6,
    OpenSource = 1UL << 7,
    BiasPullUp = 1UL << 8,
    BiasPullDown = 1UL << 9,
    BiasDisabled = 1UL << 10,
    EventClockRealtime = 1UL << 11,
    EventClockHte = 1UL << 12,
}
