#include "wali_test.h"
#include "wali_net.h"
/* poll/ppoll take nfds as the kernel's unsigned int: a 64-bit nfds_t with bits above 32 is
 * truncated by Linux (x86_64 and the generic ABI alike), not refused. nfds past RLIMIT_NOFILE is
 * EINVAL. */
int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int p[2];
    report("pipe", sys_pipe(p));
    struct k_pollfd fds[1] = { { p[1], K_POLLOUT, 0 } };
    report("poll nfds 2^32+1", sys_poll(fds, (1UL << 32) | 1, 0));
    check("revents", fds[0].revents == K_POLLOUT);
    report("poll nfds 2^32 (no fds)", sys_poll(fds, 1UL << 32, 0));
    report("poll nfds 2^40+1", sys_poll(fds, (1UL << 40) | 1, 0));
    report("poll nfds 2^31 (past RLIMIT_NOFILE)", sys_poll(fds, 1UL << 31, 0));
    struct k_timespec zero = {0, 0};
    fds[0].revents = 0;
    report("ppoll nfds 2^32+1", sys_ppoll(fds, (1UL << 32) | 1, &zero, 0, 8));
    check("ppoll revents", fds[0].revents == K_POLLOUT);
    report("ppoll nfds 2^31", sys_ppoll(fds, 1UL << 31, &zero, 0, 8));
    return 0;
}
