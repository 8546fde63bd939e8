// --max-fds 16: descriptors 0..15, exactly as RLIMIT_NOFILE 16: the next one is EMFILE, dup2
// beyond is EBADF, F_DUPFD beyond is EINVAL, getrlimit reports 16, and the limit cannot be
// raised (EPERM), nor another process's limits set.
// WALI-ARGS: --max-fds 16
#define _GNU_SOURCE
#include "policy_rules.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
    struct rlimit nofile;
    EXPECT_OK(getrlimit(RLIMIT_NOFILE, &nofile));
    EXPECT_TRUE(nofile.rlim_cur == 16 && nofile.rlim_max == 16);
    int last = -1;
    for (;;) {
        int fd = dup(1);
        if (fd < 0) break;
        last = fd;
    }
    printf("highest descriptor: %d\n", last);
    EXPECT_TRUE(last == 15);
    EXPECT_ERRNO(dup(1), EMFILE);
    int p[2];
    EXPECT_ERRNO(pipe(p), EMFILE);
    EXPECT_ERRNO(dup2(1, 16), EBADF);
    EXPECT_ERRNO(fcntl(1, F_DUPFD, 16), EINVAL);
    close(last);
    EXPECT_TRUE(dup(1) == last);
    EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &(struct rlimit){32, 16}), EINVAL);
    struct rlimit more = {32, 32};
    EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &more), EPERM);
    struct rlimit infinite = {RLIM_INFINITY, RLIM_INFINITY};
    EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &infinite), EPERM);
    EXPECT_ERRNO(prlimit(getppid(), RLIMIT_NOFILE, &more, 0), EPERM);
    // Lowering is allowed, and then binds.
    struct rlimit fewer = {8, 8};
    EXPECT_OK(setrlimit(RLIMIT_NOFILE, &fewer));
    EXPECT_OK(getrlimit(RLIMIT_NOFILE, &nofile));
    EXPECT_TRUE(nofile.rlim_cur == 8 && nofile.rlim_max == 8);
    EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &(struct rlimit){16, 16}), EPERM);
    return finish();
}
