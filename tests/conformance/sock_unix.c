// AF_UNIX socketpairs: stream and datagram, sendmsg/recvmsg with several iovecs (gather and
// scatter), names, flags, and SCM_RIGHTS descriptor passing including a truncated control buffer.
#include "wali_net.h"

static long send_fds(int sock, const int *fds, int count, const char *data, size_t len) {
    union { struct k_cmsghdr h; unsigned char bytes[64]; } control;
    t_memset(&control, 0, sizeof control);
    control.h.cmsg_len = (uint32_t)(sizeof(struct k_cmsghdr) + count * sizeof(int));
    control.h.cmsg_level = K_SOL_SOCKET;
    control.h.cmsg_type = K_SCM_RIGHTS;
    t_memcpy(K_CMSG_DATA(&control.h), fds, count * sizeof(int));
    struct k_iovec iov = { (void *)data, len };
    struct k_msghdr m;
    t_memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = &control;
    m.msg_controllen = (sizeof(struct k_cmsghdr) + count * sizeof(int) + 7) & ~7u;
    return sys_sendmsg(sock, &m, 0);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int sv[2] = { -1, -1 };
    char buf[64];

    /* Stream pair. */
    report("socketpair stream", sys_socketpair(K_AF_UNIX, K_SOCK_STREAM, 0, sv));
    check("distinct fds", sv[0] >= 0 && sv[1] >= 0 && sv[0] != sv[1]);
    report("write", sys_write(sv[0], "abc", 3));
    report("read", sys_read(sv[1], buf, sizeof buf));

    /* sendmsg gathers three iovecs; recvmsg scatters into two. */
    struct k_iovec out[3] = { { "Hello", 5 }, { ", ", 2 }, { "world!", 6 } };
    struct k_msghdr m;
    t_memset(&m, 0, sizeof m);
    m.msg_iov = out;
    m.msg_iovlen = 3;
    report("sendmsg gather", sys_sendmsg(sv[0], &m, 0));
    char p1[4], p2[32];
    t_memset(p2, 0, sizeof p2);
    struct k_iovec in[2] = { { p1, sizeof p1 }, { p2, sizeof p2 } };
    struct k_sockaddr_in name;
    t_memset(&m, 0, sizeof m);
    m.msg_name = &name;
    m.msg_namelen = sizeof name;
    m.msg_iov = in;
    m.msg_iovlen = 2;
    m.msg_flags = 0x7777;
    long n = sys_recvmsg(sv[1], &m, 0);
    report("recvmsg scatter", n);
    check("scatter data", t_memcmp(p1, "Hell", 4) == 0 && t_memcmp(p2, "o, world!", 9) == 0);
    report("stream namelen", m.msg_namelen);
    report("stream flags", m.msg_flags);
    report("stream controllen", (long)m.msg_controllen);

    /* Datagram pair: boundaries kept, truncation flagged. */
    int dv[2];
    report("socketpair dgram", sys_socketpair(K_AF_UNIX, K_SOCK_DGRAM, 0, dv));
    sys_sendto(dv[0], "first message", 13, 0, 0, 0);
    sys_sendto(dv[0], "second", 6, 0, 0, 0);
    struct k_iovec small = { buf, 5 };
    t_memset(&m, 0, sizeof m);
    m.msg_iov = &small;
    m.msg_iovlen = 1;
    report("recvmsg truncated", sys_recvmsg(dv[1], &m, 0));
    report("truncated flags", m.msg_flags);
    small.iov_len = sizeof buf;
    report("recvmsg next", sys_recvmsg(dv[1], &m, 0));
    report("next flags", m.msg_flags);
    check("next data", t_memcmp(buf, "second", 6) == 0);

    /* SCM_RIGHTS: pass one end of a new pair, then use it. */
    int xv[2];
    sys_socketpair(K_AF_UNIX, K_SOCK_STREAM, 0, xv);
    report("sendmsg rights", send_fds(sv[0], &xv[0], 1, "F", 1));
    union { struct k_cmsghdr h; unsigned char bytes[64]; } control;
    t_memset(&control, 0xaa, sizeof control);
    struct k_iovec one = { buf, sizeof buf };
    t_memset(&m, 0, sizeof m);
    m.msg_iov = &one;
    m.msg_iovlen = 1;
    m.msg_control = &control;
    m.msg_controllen = 24;
    report("recvmsg rights", sys_recvmsg(sv[1], &m, 0));
    report("rights controllen", (long)m.msg_controllen);
    report("rights flags", m.msg_flags);
    report("cmsg_len", control.h.cmsg_len);
    report("cmsg pad", control.h.__pad1);
    report("cmsg_level", control.h.cmsg_level);
    report("cmsg_type", control.h.cmsg_type);
    int got;
    t_memcpy(&got, K_CMSG_DATA(&control.h), sizeof got);
    check("new fd", got >= 0 && got != xv[0] && got != xv[1]);
    report("write via passed fd", sys_write(got, "ping", 4));
    t_memset(buf, 0, sizeof buf);
    report("read other end", sys_read(xv[1], buf, sizeof buf));
    check("ping", t_memcmp(buf, "ping", 4) == 0);

    /* Two descriptors into room for one: the kernel passes one and sets MSG_CTRUNC. */
    int two[2] = { xv[0], xv[1] };
    report("sendmsg two rights", send_fds(sv[0], two, 2, "G", 1));
    t_memset(&control, 0, sizeof control);
    t_memset(&m, 0, sizeof m);
    m.msg_iov = &one;
    m.msg_iovlen = 1;
    m.msg_control = &control;
    m.msg_controllen = 20;
    report("recvmsg short control", sys_recvmsg(sv[1], &m, 0));
    report("short controllen", (long)m.msg_controllen);
    report("short flags", m.msg_flags);
    report("short cmsg_len", control.h.cmsg_len);

    /* Two descriptors received whole. */
    report("sendmsg two rights again", send_fds(sv[0], two, 2, "H", 1));
    t_memset(&control, 0, sizeof control);
    m.msg_control = &control;
    m.msg_controllen = sizeof control;
    m.msg_flags = 0;
    report("recvmsg two", sys_recvmsg(sv[1], &m, 0));
    report("two controllen", (long)m.msg_controllen);
    report("two cmsg_len", control.h.cmsg_len);
    report("two flags", m.msg_flags);

    /* Names on unnamed sockets, sendto with MSG_DONTWAIT on an empty socket. */
    report("recv empty", sys_recvfrom(sv[1], buf, sizeof buf, K_MSG_DONTWAIT, 0, 0));
    struct k_sockaddr_in6 un;
    unsigned len = sizeof un;
    report("getsockname unix", sys_getsockname(sv[0], &un, &len));
    report("unix name len", len);
    report("unix family", un.sin6_family);
    report("shutdown rdwr", sys_shutdown(sv[0], K_SHUT_RDWR));
    report("read after peer shutdown", sys_read(sv[1], buf, sizeof buf));
    return t_failures;
}
