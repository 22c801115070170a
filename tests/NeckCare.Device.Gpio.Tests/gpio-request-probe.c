/* Builds, through the header's own struct fields, the line request GpioEncodingTests asks the C#
   encoder for, and prints its 592 bytes in hex, then a gpio_v2_line_values and a gpio_v2_line_event. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <linux/gpio.h>

static void dump(const char *name, const void *p, size_t n) {
    const unsigned char *b = p;
    printf("%s ", name);
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
}

int main(void) {
    struct gpio_v2_line_request r;
    memset(&r, 0, sizeof r);
    r.offsets[0] = 23; r.offsets[1] = 22; r.offsets[2] = 24; r.offsets[3] = 25;
    strcpy(r.consumer, "neckcare");
    r.config.flags = GPIO_V2_LINE_FLAG_OUTPUT;
    r.config.num_attrs = 4;
    r.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_FLAGS;
    r.config.attrs[0].attr.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_ACTIVE_LOW | GPIO_V2_LINE_FLAG_BIAS_PULL_UP | GPIO_V2_LINE_FLAG_EDGE_RISING;
    r.config.attrs[0].mask = 1u << 2;
    r.config.attrs[1].attr.id = GPIO_V2_LINE_ATTR_ID_FLAGS;
    r.config.attrs[1].attr.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING;
    r.config.attrs[1].mask = 1u << 3;
    r.config.attrs[2].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
    r.config.attrs[2].attr.values = 1u << 1;
    r.config.attrs[2].mask = (1u << 0) | (1u << 1);
    r.config.attrs[3].attr.id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
    r.config.attrs[3].attr.debounce_period_us = 10000;
    r.config.attrs[3].mask = 1u << 2;
    r.num_lines = 4;
    r.event_buffer_size = 64;
    dump("request", &r, sizeof r);

    struct gpio_v2_line_values v = { .bits = 1u << 1, .mask = (1u << 0) | (1u << 1) };
    dump("values", &v, sizeof v);

    struct gpio_v2_line_event e;
    memset(&e, 0, sizeof e);
    e.timestamp_ns = 123456789012345ull;
    e.id = GPIO_V2_LINE_EVENT_RISING_EDGE;
    e.offset = 25;
    e.seqno = 7;
    e.line_seqno = 3;
    dump("event", &e, sizeof e);

    struct gpiochip_info c;
    memset(&c, 0, sizeof c);
    strcpy(c.name, "gpiochip0");
    strcpy(c.label, "pinctrl-rp1");
    c.lines = 54;
    dump("chipinfo", &c, sizeof c);
    return 0;
}
