// --strace marks every refusal.
// WALI-ARGS: --sandbox --strace
// EXPECT-STDERR: = -1 EACCES (denied by policy: socket(family 10
#include "policy_rules.h"
#include <sys/socket.h>

int main(void) {
    EXPECT_ERRNO(socket(AF_INET6, SOCK_DGRAM, 0), EACCES);
    return finish();
}
