/* The kernel ABI the GPIO backend relies on (GpioUapi.cs, LinuxGpioKernel.cs), from real headers.
   Built two ways by KernelAbiTests:
   - natively, and run: it prints "name value" for every value, which the test compares with the C#;
   - with -DASSERT_AGAINST_EXPECTED and a generated expected.h (the C# values), for x86-64, arm64 and
     armhf: every value becomes a _Static_assert, so a mismatch on any architecture fails the build. */
#define _GNU_SOURCE
#include <stdio.h>
#include "abi-probe.h"
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>


BEGIN
V(MaxNameSize, GPIO_MAX_NAME_SIZE)
V(LinesMax, GPIO_V2_LINES_MAX)
V(NumAttrsMax, GPIO_V2_LINE_NUM_ATTRS_MAX)
V(ChipInfoSize, sizeof(struct gpiochip_info))
V(LineRequestSize, sizeof(struct gpio_v2_line_request))
V(LineConfigSize, sizeof(struct gpio_v2_line_config))
V(LineValuesSize, sizeof(struct gpio_v2_line_values))
V(LineEventSize, sizeof(struct gpio_v2_line_event))
V(ConfigAttributeSize, sizeof(struct gpio_v2_line_config_attribute))
V(ChipInfoName, offsetof(struct gpiochip_info, name))
V(ChipInfoLabel, offsetof(struct gpiochip_info, label))
V(ChipInfoLines, offsetof(struct gpiochip_info, lines))
V(RequestOffsets, offsetof(struct gpio_v2_line_request, offsets))
V(RequestConsumer, offsetof(struct gpio_v2_line_request, consumer))
V(RequestConfig, offsetof(struct gpio_v2_line_request, config))
V(RequestNumLines, offsetof(struct gpio_v2_line_request, num_lines))
V(RequestEventBufferSize, offsetof(struct gpio_v2_line_request, event_buffer_size))
V(RequestFd, offsetof(struct gpio_v2_line_request, fd))
V(ConfigFlags, offsetof(struct gpio_v2_line_config, flags))
V(ConfigNumAttrs, offsetof(struct gpio_v2_line_config, num_attrs))
V(ConfigAttrs, offsetof(struct gpio_v2_line_config, attrs))
V(AttributeId, offsetof(struct gpio_v2_line_config_attribute, attr) + offsetof(struct gpio_v2_line_attribute, id))
V(AttributeValue, offsetof(struct gpio_v2_line_config_attribute, attr) + offsetof(struct gpio_v2_line_attribute, flags))
V(AttributeValueValues, offsetof(struct gpio_v2_line_config_attribute, attr) + offsetof(struct gpio_v2_line_attribute, values))
V(AttributeValueDebounce, offsetof(struct gpio_v2_line_config_attribute, attr) + offsetof(struct gpio_v2_line_attribute, debounce_period_us))
V(AttributeMask, offsetof(struct gpio_v2_line_config_attribute, mask))
V(ValuesBits, offsetof(struct gpio_v2_line_values, bits))
V(ValuesMask, offsetof(struct gpio_v2_line_values, mask))
V(EventTimestampNs, offsetof(struct gpio_v2_line_event, timestamp_ns))
V(EventId, offsetof(struct gpio_v2_line_event, id))
V(EventOffset, offsetof(struct gpio_v2_line_event, offset))
V(EventSeqno, offsetof(struct gpio_v2_line_event, seqno))
V(EventLineSeqno, offsetof(struct gpio_v2_line_event, line_seqno))
V(AttrIdFlags, GPIO_V2_LINE_ATTR_ID_FLAGS)
V(AttrIdOutputValues, GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES)
V(AttrIdDebounce, GPIO_V2_LINE_ATTR_ID_DEBOUNCE)
V(EventRisingEdge, GPIO_V2_LINE_EVENT_RISING_EDGE)
V(EventFallingEdge, GPIO_V2_LINE_EVENT_FALLING_EDGE)
V(GetChipInfoIoctl, GPIO_GET_CHIPINFO_IOCTL)
V(GetLineIoctl, GPIO_V2_GET_LINE_IOCTL)
V(LineSetConfigIoctl, GPIO_V2_LINE_SET_CONFIG_IOCTL)
V(LineGetValuesIoctl, GPIO_V2_LINE_GET_VALUES_IOCTL)
V(LineSetValuesIoctl, GPIO_V2_LINE_SET_VALUES_IOCTL)
V(FlagUsed, GPIO_V2_LINE_FLAG_USED)
V(FlagActiveLow, GPIO_V2_LINE_FLAG_ACTIVE_LOW)
V(FlagInput, GPIO_V2_LINE_FLAG_INPUT)
V(FlagOutput, GPIO_V2_LINE_FLAG_OUTPUT)
V(FlagEdgeRising, GPIO_V2_LINE_FLAG_EDGE_RISING)
V(FlagEdgeFalling, GPIO_V2_LINE_FLAG_EDGE_FALLING)
V(FlagOpenDrain, GPIO_V2_LINE_FLAG_OPEN_DRAIN)
V(FlagOpenSource, GPIO_V2_LINE_FLAG_OPEN_SOURCE)
V(FlagBiasPullUp, GPIO_V2_LINE_FLAG_BIAS_PULL_UP)
V(FlagBiasPullDown, GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN)
V(FlagBiasDisabled, GPIO_V2_LINE_FLAG_BIAS_DISABLED)
V(FlagEventClockRealtime, GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME)
V(FlagEventClockHte, GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE)
V(O_RDWR, O_RDWR)
V(O_CLOEXEC, O_CLOEXEC)
V(O_NONBLOCK, O_NONBLOCK)
V(F_GETFL, F_GETFL)
V(F_SETFL, F_SETFL)
V(EAGAIN, EAGAIN)
V(EINTR, EINTR)
END
