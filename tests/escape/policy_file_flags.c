// Flags add to the file: a scalar flag overrides the file's value (--max-fds 20).
// WALI-ARGS: --policy {src}/policies/loopback.toml --max-fds 20
#include "policy_checks.h"
int main(void) { return check_policy(20); }
