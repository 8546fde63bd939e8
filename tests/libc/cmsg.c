// Control messages sized with CMSG_SPACE/CMSG_LEN: two SCM_RIGHTS entries in one message must be
// laid out exactly as the kernel expects (CMSG_ALIGN rounds to the host's 8-byte alignment).
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>

int main(void) {
    int sv[2], p1[2], p2[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || pipe(p1) || pipe(p2)) { perror("setup"); return 1; }
    printf("CMSG_SPACE(4)=%d CMSG_LEN(4)=%d CMSG_ALIGN(5)=%d\n", (int)CMSG_SPACE(4), (int)CMSG_LEN(4), (int)CMSG_ALIGN(5));

    char control[2 * CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    char byte = 'x';
    struct iovec iov = { &byte, 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p1[0], sizeof(int));
    c = CMSG_NXTHDR(&msg, c);
    if (!c) { printf("second header missing\n"); return 1; }
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p2[0], sizeof(int));
    printf("sendmsg with two entries: %zd\n", sendmsg(sv[0], &msg, 0));

    char rcontrol[256];
    struct msghdr r = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = rcontrol, .msg_controllen = sizeof rcontrol };
    printf("recvmsg: %zd\n", recvmsg(sv[1], &r, 0));
    int fds = 0;
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&r); h; h = CMSG_NXTHDR(&r, h))
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
            fds += (int)((h->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    printf("descriptors received: %d\n", fds);
    // The passed read ends work: write into the originals, read through the received copies.
    write(p1[1], "a", 1); write(p2[1], "b", 1);
    char got[3] = {0};
    struct cmsghdr *h = CMSG_FIRSTHDR(&r);
    int first; memcpy(&first, CMSG_DATA(h), sizeof first);
    printf("read via passed fd: %zd\n", read(first, got, 1));
    printf("got %s\n", got);
    return 0;
}
