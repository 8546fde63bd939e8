// Socket error paths: bad descriptors, non-sockets, bad addresses and lengths, unsupported
// families and protocols, msghdr checks, and Linux's order among them.
#include "wali_net.h"

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_sockaddr_in a = k_loopback(0);
    unsigned len = sizeof a;
    int s = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    int u = (int)sys_socket(K_AF_INET, K_SOCK_DGRAM, 0);
    int sv[2];
    sys_socketpair(K_AF_UNIX, K_SOCK_STREAM, 0, sv);

    report("socket bad family", sys_socket(12345, K_SOCK_STREAM, 0));
    report("socket bad protocol", sys_socket(K_AF_INET, K_SOCK_STREAM, K_IPPROTO_UDP));
    report("socket bad type", sys_socket(K_AF_INET, 99, 0));
    report("socket bad flags", sys_socket(K_AF_INET, K_SOCK_STREAM | 0x1000000, 0));
    /* Linux reserves the descriptors and writes sv before it creates the sockets: use scratch. */
    int scratch[2];
    report("socketpair inet", sys_socketpair(K_AF_INET, K_SOCK_STREAM, 0, scratch));
    report("socketpair inet bad sv", sys_socketpair(K_AF_INET, K_SOCK_STREAM, 0, BAD_PTR));
    report("socketpair bad flags bad sv", sys_socketpair(K_AF_UNIX, K_SOCK_STREAM | 0x1000000, 0, BAD_PTR));
    report("socketpair bad sv", sys_socketpair(K_AF_UNIX, K_SOCK_STREAM, 0, BAD_PTR));

    /* bind: descriptor first (EBADF, ENOTSOCK), then the address. */
    report("bind bad fd", sys_bind(999, &a, sizeof a));
    report("bind non-socket", sys_bind(0, &a, sizeof a));
    report("bind bad fd bad addr", sys_bind(999, BAD_PTR, sizeof a));
    report("bind non-socket bad addr", sys_bind(0, BAD_PTR, sizeof a));
    report("bind bad addr", sys_bind(s, BAD_PTR, sizeof a));
    report("bind null addr", sys_bind(s, 0, sizeof a));
    report("bind long addrlen", sys_bind(s, &a, 200));
    report("bind negative addrlen", sys_bind(s, &a, (unsigned)-1));
    report("bind short addrlen", sys_bind(s, &a, 2));
    struct k_sockaddr_in wrong = a;
    wrong.sin_family = K_AF_INET6;
    report("bind wrong family", sys_bind(s, &wrong, sizeof wrong));
    report("bind", sys_bind(s, &a, sizeof a));
    report("bind twice", sys_bind(s, &a, sizeof a));

    /* connect: EBADF, then the address, then ENOTSOCK. */
    report("connect bad fd", sys_connect(999, &a, sizeof a));
    report("connect bad fd bad addr", sys_connect(999, BAD_PTR, sizeof a));
    report("connect non-socket", sys_connect(0, &a, sizeof a));
    report("connect non-socket bad addr", sys_connect(0, BAD_PTR, sizeof a));
    report("connect long addrlen", sys_connect(u, &a, 129));

    report("listen bad fd", sys_listen(999, 1));
    report("listen non-socket", sys_listen(0, 1));
    report("listen udp", sys_listen(u, 1));
    report("accept bad fd", sys_accept(999, 0, 0));
    report("accept non-socket", sys_accept(0, 0, 0));
    report("accept udp", sys_accept(u, 0, 0));
    report("accept not listening", sys_accept(s, &a, &len));
    report("accept4 bad flags", sys_accept4(s, 0, 0, 0x7));
    report("shutdown bad how", sys_shutdown(sv[0], 5));
    report("shutdown non-socket", sys_shutdown(0, K_SHUT_RD));
    report("shutdown bad fd", sys_shutdown(999, K_SHUT_RD));

    /* getsockname/getpeername value-result checks. */
    report("getsockname bad fd", sys_getsockname(999, &a, &len));
    report("getsockname non-socket", sys_getsockname(0, &a, &len));
    report("getsockname bad len ptr", sys_getsockname(s, &a, BAD_PTR));
    report("getsockname null len ptr", sys_getsockname(s, &a, 0));
    len = sizeof a;
    report("getsockname bad addr", sys_getsockname(s, BAD_PTR, &len));
    len = (unsigned)-1;
    report("getsockname negative len", sys_getsockname(s, &a, &len));
    len = 0;
    report("getsockname zero len", sys_getsockname(s, BAD_PTR, &len));
    report("zero len result", len);
    len = sizeof a;
    report("getpeername unconnected", sys_getpeername(s, &a, &len));

    /* send/recv. */
    char buf[16];
    report("sendto bad fd", sys_sendto(999, "x", 1, 0, 0, 0));
    report("sendto non-socket", sys_sendto(0, "x", 1, 0, 0, 0));
    report("sendto udp no address", sys_sendto(u, "x", 1, 0, 0, 0));
    report("sendto tcp unconnected", sys_sendto(s, "x", 1, K_MSG_NOSIGNAL, 0, 0));
    report("sendto bad buffer", sys_sendto(sv[0], BAD_PTR, 4, 0, 0, 0));
    report("recvfrom bad fd", sys_recvfrom(999, buf, sizeof buf, 0, 0, 0));
    report("recvfrom unconnected", sys_recvfrom(s, buf, sizeof buf, 0, 0, 0));
    sys_write(sv[0], "data", 4);
    report("recvfrom bad buffer", sys_recvfrom(sv[1], BAD_PTR, 4, 0, 0, 0));

    /* msghdr checks. */
    struct k_iovec iov = { "abc", 3 };
    struct k_msghdr m;
    report("sendmsg bad msghdr", sys_sendmsg(sv[0], BAD_PTR, 0));
    report("recvmsg bad msghdr", sys_recvmsg(sv[1], BAD_PTR, 0));
    report("sendmsg bad fd", sys_sendmsg(999, BAD_PTR, 0));
    report("sendmsg non-socket", sys_sendmsg(0, BAD_PTR, 0));
    t_memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 2000;
    report("sendmsg too many iovecs", sys_sendmsg(sv[0], &m, 0));
    m.msg_iov = BAD_PTR;
    m.msg_iovlen = 1;
    report("sendmsg bad iov array", sys_sendmsg(sv[0], &m, 0));
    m.msg_iov = &iov;
    m.msg_iovlen = -1;
    report("sendmsg negative iovlen", sys_sendmsg(sv[0], &m, 0));
    m.msg_iovlen = 1;
    struct k_cmsghdr bad = { 8, 0, K_SOL_SOCKET, K_SCM_RIGHTS };
    m.msg_control = &bad;
    m.msg_controllen = sizeof bad;
    report("sendmsg short cmsg_len", sys_sendmsg(sv[0], &m, 0));
    bad.cmsg_len = 100;
    report("sendmsg long cmsg_len", sys_sendmsg(sv[0], &m, 0));
    m.msg_control = BAD_PTR;
    report("sendmsg bad control", sys_sendmsg(sv[0], &m, 0));
    m.msg_control = 0;
    m.msg_controllen = 0;
    m.msg_name = &a;
    m.msg_namelen = (unsigned)-1;
    report("sendmsg negative namelen", sys_sendmsg(u, &m, 0));
    m.msg_namelen = sizeof a;
    m.msg_name = BAD_PTR;
    report("sendmsg bad name", sys_sendmsg(u, &m, 0));
    m.msg_name = 0;
    report("sendmsg ok", sys_sendmsg(sv[0], &m, 0));
    m.msg_name = BAD_PTR;
    m.msg_namelen = 0;
    report("sendmsg bad name zero len", sys_sendmsg(sv[0], &m, 0));
    return t_failures;
}
