/* poll_oneoff on a descriptor: standard input with data is ready before a 5-second clock, and
 * the event says how many bytes can be read. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
    __wasi_subscription_t s[2];
    memset(s, 0, sizeof s);
    s[0].userdata = 1;
    s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    s[0].u.u.fd_read.file_descriptor = 0;
    s[1].userdata = 2;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 5000000000ULL;
    __wasi_event_t e[2];
    __wasi_size_t n = 0;
    int r = __wasi_poll_oneoff(s, e, 2, &n);
    printf("errno=%d events=%u userdata=%llu type=%d error=%d nbytes=%llu\n", r, (unsigned)n,
           (unsigned long long)e[0].userdata, e[0].type, e[0].error, (unsigned long long)e[0].fd_readwrite.nbytes);
    char buf[64];
    ssize_t got = read(0, buf, sizeof buf);
    printf("read %ld bytes\n", (long)got);
    /* A descriptor that does not exist is an event with errno BADF, at once. */
    s[0].u.u.fd_read.file_descriptor = 42;
    r = __wasi_poll_oneoff(s, e, 2, &n);
    printf("bad fd: errno=%d events=%u userdata=%llu error=%d\n", r, (unsigned)n, (unsigned long long)e[0].userdata, e[0].error);
    return 0;
}
