// UDP over 127.0.0.1: sendto/recvfrom with addresses, truncation, connected UDP, peeking.
#include "wali_net.h"

static int bound_udp(struct k_sockaddr_in *addr) {
    int s = (int)sys_socket(K_AF_INET, K_SOCK_DGRAM, 0);
    struct k_sockaddr_in a = k_loopback(0);
    sys_bind(s, &a, sizeof a);
    unsigned len = sizeof *addr;
    sys_getsockname(s, addr, &len);
    return s;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_sockaddr_in aa, ba, from;
    int a = bound_udp(&aa), b = bound_udp(&ba);
    check("sockets", a >= 0 && b >= 0);
    report("sendto", sys_sendto(a, "datagram one", 12, 0, &ba, sizeof ba));
    char buf[64];
    unsigned len = sizeof from;
    t_memset(&from, 0, sizeof from);
    long n = sys_recvfrom(b, buf, sizeof buf, 0, &from, &len);
    report("recvfrom", n);
    check("data", n == 12 && t_memcmp(buf, "datagram one", 12) == 0);
    report("from len", len);
    check("from is a", from.sin_family == K_AF_INET && from.sin_port == aa.sin_port && from.sin_addr == K_LOOPBACK);

    /* A short address buffer: partial copy, full length reported. */
    sys_sendto(a, "two", 3, 0, &ba, sizeof ba);
    t_memset(&from, 0xee, sizeof from);
    len = 2;
    report("recvfrom short addr", sys_recvfrom(b, buf, sizeof buf, 0, &from, &len));
    report("short len", len);
    check("short copy", from.sin_family == K_AF_INET && from.sin_port == 0xeeee);

    /* Truncation: MSG_TRUNC reports the real datagram length. */
    sys_sendto(a, "0123456789", 10, 0, &ba, sizeof ba);
    report("peek", sys_recvfrom(b, buf, 4, K_MSG_PEEK, 0, 0));
    report("trunc", sys_recvfrom(b, buf, 4, K_MSG_TRUNC, 0, 0));
    check("trunc data", t_memcmp(buf, "0123", 4) == 0);
    report("empty", sys_recvfrom(b, buf, sizeof buf, K_MSG_DONTWAIT, 0, 0));

    /* Connected UDP: send without an address; the unconnected socket needs one. */
    report("connect", sys_connect(a, &ba, sizeof ba));
    report("send connected", sys_sendto(a, "three", 5, 0, 0, 0));
    report("recv connected", sys_recvfrom(b, buf, sizeof buf, 0, 0, 0));
    report("send no address", sys_sendto(b, "x", 1, 0, 0, 0));
    struct k_sockaddr_in peer;
    len = sizeof peer;
    check("getpeername", sys_getpeername(a, &peer, &len) == 0 && peer.sin_port == ba.sin_port);
    /* Zero-length datagram. */
    report("send empty", sys_sendto(a, buf, 0, 0, 0, 0));
    report("recv empty", sys_recvfrom(b, buf, sizeof buf, 0, 0, 0));
    /* Address length errors. */
    report("sendto addrlen 200", sys_sendto(b, "x", 1, 0, &aa, 200));
    report("sendto addrlen 3", sys_sendto(b, "x", 1, 0, &aa, 3));
    report("sendto bad addr", sys_sendto(b, "x", 1, 0, BAD_PTR, sizeof aa));
    return t_failures;
}
