// Default sandbox (--net none): no IPv4/IPv6 sockets, no other families, no abstract AF_UNIX
// names; AF_UNIX sockets and pairs still work; a forked child is under the same policy.
// WALI-ARGS: --sandbox
#include "policy_rules.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, 0), EACCES);
    EXPECT_ERRNO(socket(AF_INET, SOCK_DGRAM, 0), EACCES);
    EXPECT_ERRNO(socket(AF_INET6, SOCK_STREAM, 0), EACCES);
    EXPECT_ERRNO(socket(AF_NETLINK, SOCK_RAW, 0), EACCES);
    EXPECT_ERRNO(socket(AF_PACKET, SOCK_RAW, 0), EACCES);
    EXPECT_ERRNO(socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0}), EACCES);
    // Allowed: AF_UNIX sockets and pairs, which carry data as usual.
    int sv[2];
    EXPECT_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    EXPECT_OK(write(sv[0], "ping", 4));
    char buf[8] = {0};
    EXPECT_TRUE(read(sv[1], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    EXPECT_OK(u);
    // The abstract namespace reaches host-wide services, like the network.
    struct sockaddr_un abstract = {.sun_family = AF_UNIX};
    memcpy(abstract.sun_path, "\0wali-escape-test", 17);
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 17;
    EXPECT_ERRNO(connect(u, (struct sockaddr *)&abstract, alen), EACCES);
    EXPECT_ERRNO(bind(u, (struct sockaddr *)&abstract, alen), EACCES);
    EXPECT_ERRNO(sendto(u, "x", 1, 0, (struct sockaddr *)&abstract, alen), EACCES);
    EXPECT_ERRNO(bind(u, (struct sockaddr *)&abstract, sizeof(sa_family_t)), EACCES); // autobind
    // A forked child inherits the policy.
    pid_t pid = fork();
    if (pid == 0) _exit(socket(AF_INET, SOCK_DGRAM, 0) == -1 && errno == EACCES ? 0 : 1);
    int status = -1;
    EXPECT_TRUE(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return finish();
}
