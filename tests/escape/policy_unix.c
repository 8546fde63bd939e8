// AF_UNIX sockets follow the filesystem grants: bind and connect inside a grant work, any path
// outside fails with EACCES (bind, connect, sendto, sendmsg). Abstract sockets have no path:
// under the default --net none they are refused (EACCES) like the network; with --net
// loopback|all they are allowed, and Landlock scopes them to the sandbox.
// WALI-ARGS: --dir .::/work
#include "escape.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un address(const char *path) {
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    return a;
}

int main(void) {
    struct sockaddr_un a = address("/work/server.sock");
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_OK("bind inside the grant", bind(server, (struct sockaddr *)&a, sizeof a));
    EXPECT_OK("listen", listen(server, 4));
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_OK("connect inside the grant", connect(client, (struct sockaddr *)&a, sizeof a));
    int peer = accept(server, NULL, NULL);
    char c = 0;
    EXPECT_TRUE("the connection carries data", peer >= 0 && write(client, "z", 1) == 1 && read(peer, &c, 1) == 1 && c == 'z');
    int relative = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un r = address("server.sock");
    EXPECT_OK("connect by a relative path", connect(relative, (struct sockaddr *)&r, sizeof r));

    struct sockaddr_un out = address("/tmp/wali-policy.sock");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_ERRNO("bind outside the grants", bind(s, (struct sockaddr *)&out, sizeof out), EACCES);
    struct sockaddr_un climb = address("../../../../tmp/wali-policy.sock");
    EXPECT_ERRNO("bind through .. out", bind(s, (struct sockaddr *)&climb, sizeof climb), EACCES);
    struct sockaddr_un sys = address("/run/systemd/private");
    EXPECT_ERRNO("connect outside the grants", connect(s, (struct sockaddr *)&sys, sizeof sys), EACCES);
    EXPECT_OK("symlink to a socket outside", symlink("/run/systemd/private", "/work/link.sock"));
    struct sockaddr_un viaLink = address("/work/link.sock");
    EXPECT_ERRNO("connect through a symlink out", connect(s, (struct sockaddr *)&viaLink, sizeof viaLink), EACCES);
    int dgram = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un log = address("/dev/log");
    EXPECT_ERRNO("sendto outside the grants", sendto(dgram, "x", 1, 0, (struct sockaddr *)&log, sizeof log), EACCES);
    struct iovec iov = {.iov_base = "x", .iov_len = 1};
    struct msghdr m = {.msg_name = &log, .msg_namelen = sizeof log, .msg_iov = &iov, .msg_iovlen = 1};
    EXPECT_ERRNO("sendmsg outside the grants", sendmsg(dgram, &m, 0), EACCES);

    struct sockaddr_un d = address("/work/dgram.sock");
    int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
    EXPECT_OK("bind a datagram socket inside", bind(receiver, (struct sockaddr *)&d, sizeof d));
    EXPECT_TRUE("sendto inside", sendto(dgram, "y", 1, 0, (struct sockaddr *)&d, sizeof d) == 1);
    EXPECT_TRUE("the datagram arrives", read(receiver, &c, 1) == 1 && c == 'y');

    struct sockaddr_un abstract = {.sun_family = AF_UNIX};
    memcpy(abstract.sun_path, "\0wali-policy-test", 17);
    int ab = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_ERRNO("bind an abstract socket under --net none", bind(ab, (struct sockaddr *)&abstract, sizeof(sa_family_t) + 17), EACCES);
    return escape_done();
}
