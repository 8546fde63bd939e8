// getaddrinfo on numeric hosts, TCP echo over loopback with a thread and with fork, UDP, AF_UNIX.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <pthread.h>
#include <poll.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static int listener(int *port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8)) { perror("bind/listen"); exit(1); }
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return s;
}

static void echo_one(int ls) {
    int c = accept(ls, NULL, NULL);
    char buf[4096]; ssize_t n;
    while ((n = recv(c, buf, sizeof buf, 0)) > 0) send(c, buf, n, 0);
    close(c);
}

static void *server(void *arg) { echo_one(*(int *)arg); return NULL; }

static void client(int port, const char *label) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a)) { printf("%s: connect failed errno %d\n", label, errno); return; }
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in peer; socklen_t pl = sizeof peer;
    getpeername(s, (struct sockaddr *)&peer, &pl);
    printf("%s: peer port matches %d\n", label, ntohs(peer.sin_port) == port);
    // 100 KiB in chunks, echoed back
    static char out[102400], in[102400];
    for (int i = 0; i < (int)sizeof out; i++) out[i] = (char)(i * 31 + 7);
    size_t sent = 0, got = 0;
    while (got < sizeof out) {
        if (sent < sizeof out) {
            ssize_t n = send(s, out + sent, sizeof out - sent > 8192 ? 8192 : sizeof out - sent, 0);
            if (n > 0) sent += n;
            if (sent == sizeof out) shutdown(s, SHUT_WR);
        }
        struct pollfd p = {.fd = s, .events = POLLIN};
        if (poll(&p, 1, sent < sizeof out ? 0 : 5000) > 0) {
            ssize_t n = recv(s, in + got, sizeof in - got, 0);
            if (n <= 0) break;
            got += n;
        }
    }
    char extra;
    ssize_t last = recv(s, &extra, 1, 0);
    printf("%s: echoed %zu bytes, equal %d, then EOF %d\n", label, got, memcmp(in, out, sizeof in) == 0, last == 0);
    close(s);
}

int main(void) {
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *res;
    int rc = getaddrinfo("127.0.0.1", "8080", &hints, &res);
    printf("getaddrinfo %d", rc);
    if (!rc) {
        struct sockaddr_in *sin = (struct sockaddr_in *)res->ai_addr;
        char txt[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sin->sin_addr, txt, sizeof txt);
        printf(" family %d socktype %d protocol %d addr %s port %d next %d", res->ai_family, res->ai_socktype, res->ai_protocol,
               txt, ntohs(sin->sin_port), res->ai_next != NULL);
        char host[64], serv[16];
        rc = getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
        printf(" getnameinfo %d %s %s", rc, host, serv);
        freeaddrinfo(res);
    }
    printf("\n");
    hints.ai_family = AF_INET6;
    rc = getaddrinfo("::1", "80", &hints, &res);
    if (!rc) {
        char txt[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, txt, sizeof txt);
        printf("getaddrinfo ::1 -> %s\n", txt);
        freeaddrinfo(res);
    }
    printf("getaddrinfo bad numeric host fails %d\n", getaddrinfo("not-an-ip", "1", &hints, &res) != 0);
    struct in_addr ia;
    int p1 = inet_pton(AF_INET, "10.1.2.3", &ia);
    unsigned v1 = ntohl(ia.s_addr);
    int p2 = inet_pton(AF_INET, "300.1.1.1", &ia);
    printf("inet_pton %d %08x, bad %d, inet_addr %08x\n", p1, v1, p2, ntohl(inet_addr("192.168.0.1")));

    // TCP echo, server in a thread
    int port, ls = listener(&port);
    pthread_t th;
    pthread_create(&th, NULL, server, &ls);
    client(port, "thread");
    pthread_join(th, NULL);

    // TCP echo, server in a forked child
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { echo_one(ls); _exit(0); }
    client(port, "fork");
    int st;
    waitpid(pid, &st, 0);
    printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(ls);

    // connect to a closed port
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    errno = 0;
    rc = connect(s, (struct sockaddr *)&a, sizeof a);
    printf("connect to closed port %d ECONNREFUSED %d\n", rc, errno == ECONNREFUSED);
    close(s);

    // UDP
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = {.sin_family = AF_INET};
    ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(u1, (struct sockaddr *)&ua, sizeof ua);
    socklen_t ul = sizeof ua;
    getsockname(u1, (struct sockaddr *)&ua, &ul);
    ssize_t n = sendto(u2, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua);
    char buf[64];
    struct sockaddr_in from; socklen_t fl = sizeof from;
    ssize_t m = recvfrom(u1, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("udp sent %zd got %zd '%.*s' from loopback %d\n", n, m, (int)m, buf, from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    int type; socklen_t tl = sizeof type;
    getsockopt(u1, SOL_SOCKET, SO_TYPE, &type, &tl);
    printf("SO_TYPE dgram %d\n", type == SOCK_DGRAM);
    close(u1); close(u2);

    // AF_UNIX: socketpair and a named stream socket in the cwd
    int sv[2];
    rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "pair", 4);
    n = read(sv[1], buf, sizeof buf);
    printf("socketpair %d read %zd '%.*s'\n", rc, n, (int)n, buf);
    close(sv[0]); close(sv[1]);
    int us = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    strcpy(sun.sun_path, "sock");
    rc = bind(us, (struct sockaddr *)&sun, sizeof sun);
    listen(us, 1);
    int uc = socket(AF_UNIX, SOCK_STREAM, 0);
    int rc2 = connect(uc, (struct sockaddr *)&sun, sizeof sun);
    int ua2 = accept(us, NULL, NULL);
    send(uc, "unix", 4, 0);
    n = recv(ua2, buf, sizeof buf, 0);
    printf("unix bind %d connect %d accept %d recv '%.*s'\n", rc, rc2, ua2 >= 0, (int)n, buf);
    close(uc); close(ua2); close(us);
    unlink("sock");
    return 0;
}
