// Terminal input injection under a policy: TIOCSTI (push bytes into the terminal's input, i.e.
// type commands into the shell that started wali), TIOCLINUX and TIOCCONS (take the console) are
// EPERM on the terminal the engine was given, by fd 0 and by its /dev/pts name; bad fds are still
// EBADF first. The terminal otherwise works (TCGETS, TIOCGWINSZ, FIONREAD, open by name), and
// nothing was queued. Default mode: as natively (conformance/tty_tiocsti.c).
// WALI-ARGS: --sandbox
// TTY: stdin
// ARGS: {tty}
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "escape.h"

int main(int argc, char **argv) {
    EXPECT_TRUE("stdin is a terminal", isatty(0));
    char c = 'x', sub = 0;
    EXPECT_ERRNO("TIOCSTI on stdin", ioctl(0, TIOCSTI, &c), EPERM);
    EXPECT_ERRNO("TIOCLINUX on stdin", ioctl(0, TIOCLINUX, &sub), EPERM);
    EXPECT_ERRNO("TIOCCONS on stdin", ioctl(0, TIOCCONS), EPERM);
    EXPECT_ERRNO("TIOCSTI on a bad fd", ioctl(999, TIOCSTI, &c), EBADF);
    int fd = argc > 1 ? open(argv[1], O_RDWR | O_NOCTTY) : -1;
    EXPECT_OK("open the terminal by its name", fd);
    EXPECT_ERRNO("TIOCSTI through the terminal's name", ioctl(fd, TIOCSTI, &c), EPERM);
    int queued = -1;
    EXPECT_OK("FIONREAD", ioctl(0, FIONREAD, &queued));
    EXPECT_TRUE("nothing was injected", queued == 0);
    struct termios tio;
    EXPECT_OK("TCGETS", tcgetattr(0, &tio));
    struct winsize ws;
    EXPECT_OK("TIOCGWINSZ", ioctl(fd, TIOCGWINSZ, &ws));
    return escape_done();
}
