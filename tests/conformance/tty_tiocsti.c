/* Terminal input injection in the default mode: TIOCSTI goes to the host as for the native
 * program, so the kernel decides (Linux 6.2+ refuses it with EIO unless dev.tty.legacy_tiocsti is
 * set or the caller has CAP_SYS_ADMIN; on a terminal that is not the caller's controlling one it
 * needs CAP_SYS_ADMIN too, else EPERM). The test makes its own pseudo-terminal pair and injects
 * into it, so it never types into the terminal that runs it. TIOCLINUX is a virtual-console
 * request the engine does not support (ENOTTY), as on a pseudo-terminal natively. Under a policy
 * all three are EPERM: tests/escape/policy_tty.c. */
#include "wali_test.h"

#define TIOCSTI 0x5412
#define TIOCLINUX 0x541C
#define FIONREAD 0x541B
#define TIOCGPTN 0x80045430
#define TIOCSPTLCK 0x40045431

static void decimal(char *p, unsigned v) {
    char tmp[12]; int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = tmp[--n];
    *p = 0;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    long master = sys_openat(K_AT_FDCWD, "/dev/ptmx", K_O_RDWR | K_O_NOCTTY, 0);
    check("open /dev/ptmx", master >= 0);
    if (master < 0) return 0;
    unsigned n = 0; int unlock = 0;
    report("TIOCGPTN", sys_ioctl((int)master, (int)TIOCGPTN, &n));
    report("TIOCSPTLCK", sys_ioctl((int)master, (int)TIOCSPTLCK, &unlock));
    char name[32] = "/dev/pts/";
    decimal(name + 9, n);
    long slave = sys_openat(K_AT_FDCWD, name, K_O_RDWR | K_O_NOCTTY, 0);
    check("open the pts", slave >= 0);
    char c = 'x';
    report("TIOCSTI on the pts", sys_ioctl((int)slave, TIOCSTI, &c));
    c = '\n'; /* a whole line, so the canonical-mode input queue reports it */
    report("TIOCSTI of a newline", sys_ioctl((int)slave, TIOCSTI, &c));
    int queued = -1;
    report("FIONREAD", sys_ioctl((int)slave, FIONREAD, &queued));
    report("bytes queued", queued);
    report("TIOCSTI on a bad fd", sys_ioctl(999, TIOCSTI, &c));
    char sub = 0;
    report("TIOCLINUX on the pts", sys_ioctl((int)slave, TIOCLINUX, &sub));
    sys_close((int)slave);
    sys_close((int)master);
    return 0;
}
