/* Prints the libc values LinuxSerialPort relies on, from this machine's own headers.
   TermiosLayoutTests compiles and runs it and compares with Libc.cs. */
#include <stdio.h>
#include <stddef.h>
#include <termios.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
int main(void) {
    printf("sizeof_termios %zu\n", sizeof(struct termios));
    printf("c_cflag %zu\n", offsetof(struct termios, c_cflag));
    printf("c_cc %zu\n", offsetof(struct termios, c_cc));
    printf("VMIN %d\nVTIME %d\n", VMIN, VTIME);
    printf("O_RDWR %d\nO_NOCTTY %d\nO_NONBLOCK %d\nO_CLOEXEC %d\n", O_RDWR, O_NOCTTY, O_NONBLOCK, O_CLOEXEC);
    printf("TIOCEXCL %lu\nTCSANOW %d\nTCIOFLUSH %d\n", (unsigned long)TIOCEXCL, TCSANOW, TCIOFLUSH);
    printf("CLOCAL %u\nCREAD %u\n", (unsigned)CLOCAL, (unsigned)CREAD);
    printf("B9600 %u\nB19200 %u\nB38400 %u\nB57600 %u\nB115200 %u\nB230400 %u\nB460800 %u\nB921600 %u\n",
           (unsigned)B9600, (unsigned)B19200, (unsigned)B38400, (unsigned)B57600, (unsigned)B115200,
           (unsigned)B230400, (unsigned)B460800, (unsigned)B921600);
    printf("POLLIN %d\nPOLLOUT %d\nPOLLERR %d\nPOLLHUP %d\nPOLLNVAL %d\nsizeof_pollfd %zu\n",
           POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL, sizeof(struct pollfd));
    return 0;
}
