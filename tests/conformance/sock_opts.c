// setsockopt/getsockopt round trips: integers, struct linger, timeval timeouts, TCP and IPv6
// options, short and odd lengths, classic BPF filters (a struct with a pointer), errors.
#include "wali_net.h"

static long get_int(int s, int level, int name, int *v) {
    unsigned len = sizeof *v;
    *v = -12345;
    long r = sys_getsockopt(s, level, name, v, &len);
    if (r == 0 && len != sizeof *v) return -1000;
    return r;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int tcp = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    int udp = (int)sys_socket(K_AF_INET, K_SOCK_DGRAM, 0);
    int v, one = 1;

    check("get SO_TYPE", get_int(tcp, K_SOL_SOCKET, K_SO_TYPE, &v) == 0);
    report("SO_TYPE", v);
    get_int(udp, K_SOL_SOCKET, K_SO_PROTOCOL, &v);
    report("SO_PROTOCOL udp", v);
    get_int(udp, K_SOL_SOCKET, K_SO_DOMAIN, &v);
    report("SO_DOMAIN", v);

    get_int(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, &v);
    report("SO_REUSEADDR before", v);
    report("set SO_REUSEADDR", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, &one, sizeof one));
    get_int(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, &v);
    report("SO_REUSEADDR after", v);

    int size = 4096;
    report("set SO_RCVBUF", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_RCVBUF, &size, sizeof size));
    get_int(udp, K_SOL_SOCKET, K_SO_RCVBUF, &v);
    report("SO_RCVBUF (doubled)", v);
    report("set SO_KEEPALIVE", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_KEEPALIVE, &one, sizeof one));
    get_int(tcp, K_SOL_SOCKET, K_SO_KEEPALIVE, &v);
    report("SO_KEEPALIVE", v);

    struct k_linger lg = { 1, 7 }, lg2 = { -1, -1 };
    report("set SO_LINGER", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_LINGER, &lg, sizeof lg));
    unsigned len = sizeof lg2;
    report("get SO_LINGER", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_LINGER, &lg2, &len));
    report("linger len", len);
    report("linger onoff", lg2.l_onoff);
    report("linger secs", lg2.l_linger);

    struct k_timeval tv = { 2, 500000 }, tv2 = { -1, -1 };
    report("set SO_RCVTIMEO", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_RCVTIMEO, &tv, sizeof tv));
    len = sizeof tv2;
    report("get SO_RCVTIMEO", sys_getsockopt(udp, K_SOL_SOCKET, K_SO_RCVTIMEO, &tv2, &len));
    report("timeo len", len);
    report("timeo sec", (long)tv2.tv_sec);
    report("timeo usec", (long)tv2.tv_usec);
    struct k_timeval stv = { 0, 20000 };
    report("set SO_SNDTIMEO", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_SNDTIMEO, &stv, sizeof stv));
    /* A receive timeout makes an empty blocking receive fail with EAGAIN. */
    struct k_timeval quick = { 0, 20000 };
    sys_setsockopt(udp, K_SOL_SOCKET, K_SO_RCVTIMEO, &quick, sizeof quick);
    struct k_sockaddr_in a = k_loopback(0);
    sys_bind(udp, &a, sizeof a);
    char buf[8];
    report("recv times out", sys_recvfrom(udp, buf, sizeof buf, 0, 0, 0));

    report("set TCP_NODELAY", sys_setsockopt(tcp, K_IPPROTO_TCP, K_TCP_NODELAY, &one, sizeof one));
    get_int(tcp, K_IPPROTO_TCP, K_TCP_NODELAY, &v);
    report("TCP_NODELAY", v);

    int six = (int)sys_socket(K_AF_INET6, K_SOCK_STREAM, 0);
    if (six >= 0) {
        report("set IPV6_V6ONLY", sys_setsockopt(six, K_IPPROTO_IPV6, K_IPV6_V6ONLY, &one, sizeof one));
        get_int(six, K_IPPROTO_IPV6, K_IPV6_V6ONLY, &v);
        report("IPV6_V6ONLY", v);
    } else {
        outln("no IPv6");
    }

    /* Odd lengths. */
    len = 2;
    v = 0x55555555;
    report("get short", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, &v, &len));
    report("short len", len);
    report("short value", v);
    len = 64;
    char big[64];
    t_memset(big, 0, sizeof big);
    report("get long buffer", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, big, &len));
    report("long len", len);
    len = 0;
    report("get zero len", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, 0, &len));
    report("zero len", len);
    report("set short", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, &one, 2));

    /* Classic BPF: a one-instruction "accept all" program. */
    struct k_sock_filter prog[1] = { { 0x06, 0, 0, 0xffffffffu } };
    struct k_sock_fprog fprog = { 1, prog };
    report("attach filter", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_ATTACH_FILTER, &fprog, sizeof fprog));
    len = 0;
    report("get filter count", sys_getsockopt(udp, K_SOL_SOCKET, K_SO_GET_FILTER, 0, &len));
    report("filter count", len);
    struct k_sock_filter back[4];
    t_memset(back, 0, sizeof back);
    len = 4;
    report("get filter", sys_getsockopt(udp, K_SOL_SOCKET, K_SO_GET_FILTER, back, &len));
    report("filter len", len);
    check("filter round trip", back[0].code == 0x06 && back[0].k == 0xffffffffu);
    report("detach filter", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_DETACH_FILTER, &one, sizeof one));
    report("attach bad length", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_ATTACH_FILTER, &fprog, 3));
    struct k_sock_fprog badprog = { 1, BAD_PTR };
    report("attach bad program", sys_setsockopt(udp, K_SOL_SOCKET, K_SO_ATTACH_FILTER, &badprog, sizeof badprog));

    /* Errors. */
    report("unknown option", sys_setsockopt(tcp, K_SOL_SOCKET, 9999, &one, sizeof one));
    report("get unknown option", get_int(tcp, K_SOL_SOCKET, 9999, &v));
    report("unknown level", get_int(tcp, 9999, 1, &v));
    report("set negative len", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, &one, (unsigned)-1));
    len = (unsigned)-1;
    report("get negative len", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, &v, &len));
    report("set bad value", sys_setsockopt(tcp, K_SOL_SOCKET, K_SO_REUSEADDR, BAD_PTR, 4));
    len = 4;
    report("get bad value", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, BAD_PTR, &len));
    report("get bad len", sys_getsockopt(tcp, K_SOL_SOCKET, K_SO_TYPE, &v, BAD_PTR));
    report("set on non-socket", sys_setsockopt(0, K_SOL_SOCKET, K_SO_REUSEADDR, &one, sizeof one));
    report("set bad fd", sys_setsockopt(999, K_SOL_SOCKET, K_SO_REUSEADDR, &one, sizeof one));
    report("set bad fd bad value", sys_setsockopt(999, K_SOL_SOCKET, K_SO_REUSEADDR, BAD_PTR, 4));
    report("set non-socket bad value", sys_setsockopt(0, K_SOL_SOCKET, K_SO_REUSEADDR, BAD_PTR, 4));
    len = 4;
    report("get on non-socket", sys_getsockopt(0, K_SOL_SOCKET, K_SO_TYPE, &v, &len));
    report("get bad fd bad len", sys_getsockopt(999, K_SOL_SOCKET, K_SO_TYPE, &v, BAD_PTR));
    return t_failures;
}
