/* The libc values LinuxSerialPort relies on (Libc.cs), from real headers. Built two ways by
   TermiosLayoutTests (see tests/NeckCare.Device.TestSupport/AbiProbe.cs): natively and run, printing
   "name value"; and with -DASSERT_AGAINST_EXPECTED for x86-64, arm64 and armhf, every value a
   _Static_assert against the C# value. */
#define _GNU_SOURCE
#include <stdio.h>
#include "abi-probe.h"
#include <stddef.h>
#include <termios.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>


BEGIN
V(sizeof_termios, sizeof(struct termios))
V(c_cflag, offsetof(struct termios, c_cflag))
V(c_cc, offsetof(struct termios, c_cc))
V(VMIN, VMIN)
V(VTIME, VTIME)
V(O_RDWR, O_RDWR)
V(O_NOCTTY, O_NOCTTY)
V(O_NONBLOCK, O_NONBLOCK)
V(O_CLOEXEC, O_CLOEXEC)
V(TIOCEXCL, TIOCEXCL)
V(TCSANOW, TCSANOW)
V(TCIOFLUSH, TCIOFLUSH)
V(CLOCAL, CLOCAL)
V(CREAD, CREAD)
V(B9600, B9600)
V(B19200, B19200)
V(B38400, B38400)
V(B57600, B57600)
V(B115200, B115200)
V(B230400, B230400)
V(B460800, B460800)
V(B921600, B921600)
V(POLLIN, POLLIN)
V(POLLOUT, POLLOUT)
V(POLLERR, POLLERR)
V(POLLHUP, POLLHUP)
V(POLLNVAL, POLLNVAL)
V(sizeof_pollfd, sizeof(struct pollfd))
END
