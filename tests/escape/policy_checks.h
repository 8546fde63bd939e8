/* What tests/escape/policies/loopback.toml grants: loopback network, `fds` descriptors. */
#include "policy_rules.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

static int check_policy(unsigned fds) {
    struct rlimit nofile;
    EXPECT_OK(getrlimit(RLIMIT_NOFILE, &nofile));
    EXPECT_TRUE(nofile.rlim_cur == fds && nofile.rlim_max == fds);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    EXPECT_OK(u);
    struct sockaddr_in lo = {.sin_family = AF_INET, .sin_port = htons(9)};
    inet_pton(AF_INET, "127.0.0.1", &lo.sin_addr);
    EXPECT_OK(sendto(u, "x", 1, 0, (struct sockaddr *)&lo, sizeof lo));
    struct sockaddr_in out = lo;
    inet_pton(AF_INET, "192.0.2.9", &out.sin_addr);
    EXPECT_ERRNO(sendto(u, "x", 1, 0, (struct sockaddr *)&out, sizeof out), EACCES);
    EXPECT_ERRNO(socket(AF_PACKET, SOCK_RAW, 0), EACCES);
    return finish();
}
