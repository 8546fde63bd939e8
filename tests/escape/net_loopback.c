// --net loopback: loopback destinations work; every other spelling of an outside address is
// refused with EACCES: plain, IPv4-mapped IPv6, AF_UNSPEC sendto, sendmsg's msg_name, TCP Fast
// Open, the wildcard bind, listen() autobinding to the wildcard, IP source routing, raw sockets
// and other protocols. A UDP socket that sends unbound is bound to loopback, not the wildcard.
// WALI-ARGS: --net loopback
#include "policy_rules.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <stddef.h>
#include <unistd.h>

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

static struct sockaddr_in v4(const char *a, int port) {
    struct sockaddr_in s = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, a, &s.sin_addr);
    return s;
}

static struct sockaddr_in6 v6(const char *a, int port) {
    struct sockaddr_in6 s = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
    inet_pton(AF_INET6, a, &s.sin6_addr);
    return s;
}

int main(void) {
    // Allowed: a TCP server on 127.0.0.1 and a client talking to it.
    int server = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_OK(server);
    struct sockaddr_in local = v4("127.0.0.1", 0);
    EXPECT_OK(bind(server, (struct sockaddr *)&local, sizeof local));
    EXPECT_OK(listen(server, 4));
    socklen_t len = sizeof local;
    getsockname(server, (struct sockaddr *)&local, &len);
    int client = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_OK(connect(client, (struct sockaddr *)&local, sizeof local));
    int peer = accept(server, 0, 0);
    EXPECT_OK(peer);
    EXPECT_OK(write(client, "hi", 2));
    char buf[4] = {0};
    EXPECT_TRUE(read(peer, buf, sizeof buf) == 2 && memcmp(buf, "hi", 2) == 0);
    // IPv6 loopback and the IPv4-mapped loopback are loopback too.
    int s6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 mapped_lo = v6("::ffff:127.0.0.1", ntohs(local.sin_port));
    EXPECT_OK(connect(s6, (struct sockaddr *)&mapped_lo, sizeof mapped_lo));

    // With a network, the abstract AF_UNIX namespace is usable (it is host-local, like loopback).
    int ua = socket(AF_UNIX, SOCK_DGRAM, 0);
    EXPECT_OK(bind(ua, (struct sockaddr *)&(struct sockaddr_un){.sun_family = AF_UNIX}, sizeof(sa_family_t)));

    // Refused: outside destinations, however spelled.
    int t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in out = v4("192.0.2.1", 80);
    EXPECT_ERRNO(connect(t, (struct sockaddr *)&out, sizeof out), EACCES);
    int t6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 mapped_out = v6("::ffff:192.0.2.1", 80);
    EXPECT_ERRNO(connect(t6, (struct sockaddr *)&mapped_out, sizeof mapped_out), EACCES);
    struct sockaddr_in6 out6 = v6("2001:db8::1", 80);
    EXPECT_ERRNO(connect(t6, (struct sockaddr *)&out6, sizeof out6), EACCES);
    // TCP Fast Open: sendto on an unconnected TCP socket connects to its address.
    EXPECT_ERRNO(sendto(t, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&out, sizeof out), EACCES);

    // UDP: an unconnected socket may send to loopback, not outside.
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    int r = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in rlocal = v4("127.0.0.1", 0);
    EXPECT_OK(bind(r, (struct sockaddr *)&rlocal, sizeof rlocal));
    len = sizeof rlocal;
    getsockname(r, (struct sockaddr *)&rlocal, &len);
    EXPECT_OK(sendto(u, "d", 1, 0, (struct sockaddr *)&rlocal, sizeof rlocal));
    EXPECT_TRUE(recv(r, buf, sizeof buf, 0) == 1 && buf[0] == 'd');
    // The sender was bound to loopback, not to the wildcard where outside datagrams arrive.
    struct sockaddr_in sender;
    len = sizeof sender;
    EXPECT_OK(getsockname(u, (struct sockaddr *)&sender, &len));
    EXPECT_TRUE(sender.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && sender.sin_port != 0);
    struct sockaddr_in dns = v4("192.0.2.53", 53);
    EXPECT_ERRNO(sendto(u, "d", 1, 0, (struct sockaddr *)&dns, sizeof dns), EACCES);
    // An AF_INET socket reads an AF_UNSPEC sendto address as IPv4.
    struct sockaddr_in unspec = dns;
    unspec.sin_family = AF_UNSPEC;
    EXPECT_ERRNO(sendto(u, "d", 1, 0, (struct sockaddr *)&unspec, sizeof unspec), EACCES);
    // sendmsg's msg_name is a destination too.
    struct iovec iov = {.iov_base = "m", .iov_len = 1};
    struct msghdr msg = {.msg_name = &dns, .msg_namelen = sizeof dns, .msg_iov = &iov, .msg_iovlen = 1};
    EXPECT_ERRNO(sendmsg(u, &msg, 0), EACCES);
    msg.msg_name = &rlocal;
    EXPECT_OK(sendmsg(u, &msg, 0));
    // A UDP socket connected to loopback may not be redirected outside by connect.
    EXPECT_OK(connect(u, (struct sockaddr *)&rlocal, sizeof rlocal));
    EXPECT_ERRNO(connect(u, (struct sockaddr *)&dns, sizeof dns), EACCES);
    int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 dns6 = v6("::ffff:192.0.2.53", 53);
    EXPECT_ERRNO(sendto(u6, "d", 1, 0, (struct sockaddr *)&dns6, sizeof dns6), EACCES);

    // Listening on all interfaces: binding the wildcard, or listen() autobinding to it.
    int w = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in any = v4("0.0.0.0", 0);
    EXPECT_ERRNO(bind(w, (struct sockaddr *)&any, sizeof any), EACCES);
    EXPECT_ERRNO(listen(w, 1), EACCES);
    int w6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 any6 = v6("::", 0);
    EXPECT_ERRNO(bind(w6, (struct sockaddr *)&any6, sizeof any6), EACCES);

    // IP source routing would choose an outside first hop.
    unsigned char lsrr[8] = {IPOPT_NOP, IPOPT_LSRR, 7, 4, 192, 0, 2, 1};
    EXPECT_ERRNO(setsockopt(u, IPPROTO_IP, IP_OPTIONS, lsrr, sizeof lsrr), EACCES);
    // Other socket kinds: raw IP, SCTP, ICMP.
    EXPECT_ERRNO(socket(AF_INET, SOCK_RAW, IPPROTO_RAW), EACCES);
    EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, 132 /* IPPROTO_SCTP */), EACCES);
    EXPECT_ERRNO(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EACCES);
    EXPECT_ERRNO(socket(AF_NETLINK, SOCK_RAW, 0), EACCES);
    return finish();
}
