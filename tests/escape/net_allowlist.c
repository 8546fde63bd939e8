// --connect/--bind allow-lists are exact ADDR[:PORT]: the listed address and port work, another
// port or address on loopback does not.
// WALI-ARGS: --net loopback --bind 127.0.0.1:{port} --connect 127.0.0.1:{port}
// ARGS: {port}
#include "policy_rules.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in v4(const char *a, int port) {
    struct sockaddr_in s = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, a, &s.sin_addr);
    return s;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in wrong_port = v4("127.0.0.1", port + 1);
    EXPECT_ERRNO(bind(server, (struct sockaddr *)&wrong_port, sizeof wrong_port), EACCES);
    struct sockaddr_in ephemeral = v4("127.0.0.1", 0);
    EXPECT_ERRNO(bind(server, (struct sockaddr *)&ephemeral, sizeof ephemeral), EACCES);
    struct sockaddr_in listed = v4("127.0.0.1", port);
    EXPECT_OK(bind(server, (struct sockaddr *)&listed, sizeof listed));
    EXPECT_OK(listen(server, 4));

    int c = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_ERRNO(connect(c, (struct sockaddr *)&wrong_port, sizeof wrong_port), EACCES);
    struct sockaddr_in other_address = v4("127.0.0.2", port);
    EXPECT_ERRNO(connect(c, (struct sockaddr *)&other_address, sizeof other_address), EACCES);
    EXPECT_OK(connect(c, (struct sockaddr *)&listed, sizeof listed));
    int peer = accept(server, 0, 0);
    EXPECT_OK(peer);
    EXPECT_OK(write(c, "ok", 2));
    char buf[4] = {0};
    EXPECT_TRUE(read(peer, buf, sizeof buf) == 2);
    // UDP sends follow the connect list too.
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    EXPECT_ERRNO(sendto(u, "x", 1, 0, (struct sockaddr *)&wrong_port, sizeof wrong_port), EACCES);
    return finish();
}
