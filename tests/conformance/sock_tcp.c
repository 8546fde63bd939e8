// TCP over 127.0.0.1 within one process: bind to port 0, learn the port, connect (completes
// through the listen backlog), accept, data both ways, peer names, shutdown, non-blocking
// connect + poll, accept4 flags, ECONNREFUSED.
#include "wali_net.h"

static int listener(struct k_sockaddr_in *bound) {
    int s = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    struct k_sockaddr_in a = k_loopback(0);
    check("bind", sys_bind(s, &a, sizeof a) == 0);
    unsigned len = sizeof *bound;
    check("getsockname", sys_getsockname(s, bound, &len) == 0);
    check("getsockname len", len == sizeof *bound);
    check("bound loopback", bound->sin_family == K_AF_INET && bound->sin_addr == K_LOOPBACK && bound->sin_port != 0);
    check("listen", sys_listen(s, 8) == 0);
    return s;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_sockaddr_in server;
    int ls = listener(&server);
    int type = 0; unsigned tl = sizeof type;
    check("SO_ACCEPTCONN", sys_getsockopt(ls, K_SOL_SOCKET, K_SO_ACCEPTCONN, &type, &tl) == 0 && type == 1);

    int c = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    report("connect", sys_connect(c, &server, sizeof server));
    struct k_sockaddr_in local, peer, accepted;
    unsigned len = sizeof local;
    check("client getsockname", sys_getsockname(c, &local, &len) == 0 && len == sizeof local);
    len = sizeof peer;
    check("client getpeername", sys_getpeername(c, &peer, &len) == 0 && len == sizeof peer);
    check("peer is server", peer.sin_port == server.sin_port && peer.sin_addr == K_LOOPBACK);

    t_memset(&accepted, 0xee, sizeof accepted);
    len = sizeof accepted;
    int s = (int)sys_accept(ls, &accepted, &len);
    check("accept", s >= 0);
    report("accept len", len);
    check("accepted addr is client", accepted.sin_family == K_AF_INET && accepted.sin_port == local.sin_port
          && accepted.sin_addr == K_LOOPBACK);
    len = sizeof peer;
    check("server getpeername", sys_getpeername(s, &peer, &len) == 0 && peer.sin_port == local.sin_port);

    /* A short address buffer gets a truncated copy and the full length. */
    struct k_sockaddr_in small;
    t_memset(&small, 0xee, sizeof small);
    len = 4;
    check("short getpeername", sys_getpeername(s, &small, &len) == 0);
    report("short len", len);
    check("short copy", small.sin_family == K_AF_INET && small.sin_addr == 0xeeeeeeeeu);

    /* Data both ways. */
    report("send", sys_sendto(c, "hello, server", 13, 0, 0, 0));
    char buf[64];
    t_memset(buf, 0, sizeof buf);
    report("recv peek", sys_recvfrom(s, buf, 5, K_MSG_PEEK, 0, 0));
    long n = sys_recvfrom(s, buf, sizeof buf, 0, 0, 0);
    report("recv", n);
    check("recv data", n == 13 && t_memcmp(buf, "hello, server", 13) == 0);
    /* recvfrom with an address on a connected stream: the kernel reports length 0. */
    report("reply", sys_sendto(s, "hi", 2, 0, 0, 0));
    struct k_sockaddr_in from;
    len = sizeof from;
    report("recvfrom", sys_recvfrom(c, buf, sizeof buf, 0, &from, &len));
    report("recvfrom len", len);
    report("recv empty nonblocking", sys_recvfrom(c, buf, sizeof buf, K_MSG_DONTWAIT, 0, 0));

    /* shutdown: the server sees end of file, and can still send. */
    report("shutdown wr", sys_shutdown(c, K_SHUT_WR));
    report("recv eof", sys_recvfrom(s, buf, sizeof buf, 0, 0, 0));
    report("send after peer shutdown", sys_sendto(s, "x", 1, 0, 0, 0));
    report("recv after shutdown", sys_recvfrom(c, buf, sizeof buf, 0, 0, 0));
    report("send on shut socket", sys_sendto(c, "x", 1, K_MSG_NOSIGNAL, 0, 0));
    sys_close(s);
    sys_close(c);

    /* Non-blocking connect, then poll for writability; accept4 with SOCK_NONBLOCK. */
    c = (int)sys_socket(K_AF_INET, K_SOCK_STREAM | K_SOCK_NONBLOCK, 0);
    long r = sys_connect(c, &server, sizeof server);
    check("nonblocking connect started", r == 0 || r == -K_EINPROGRESS);
    struct k_pollfd p = { c, K_POLLOUT, 0 };
    report("poll connect", sys_poll(&p, 1, 2000));
    report("poll revents", p.revents);
    int err = -1; unsigned el = sizeof err;
    check("SO_ERROR", sys_getsockopt(c, K_SOL_SOCKET, K_SO_ERROR, &err, &el) == 0 && err == 0);
    report("connect again", sys_connect(c, &server, sizeof server));
    s = (int)sys_accept4(ls, 0, 0, K_SOCK_NONBLOCK | K_SOCK_CLOEXEC);
    check("accept4", s >= 0);
    report("accept4 empty read", sys_recvfrom(s, buf, sizeof buf, 0, 0, 0));
    report("accept4 bad flags", sys_accept4(ls, 0, 0, 1));
    sys_close(s);
    sys_close(c);
    sys_close(ls);

    /* A bound socket that does not listen refuses connections. */
    int quiet = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    struct k_sockaddr_in qa = k_loopback(0), qb;
    sys_bind(quiet, &qa, sizeof qa);
    len = sizeof qb;
    sys_getsockname(quiet, &qb, &len);
    c = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    report("connect refused", sys_connect(c, &qb, sizeof qb));
    report("getpeername unconnected", sys_getpeername(c, &peer, &len));
    report("shutdown unconnected", sys_shutdown(c, K_SHUT_RDWR));
    report("accept on non-listener", sys_accept(quiet, 0, 0));
    return t_failures;
}
