// --policy FILE: the file's settings hold (loopback network, 32 descriptors).
// WALI-ARGS: --policy {src}/policies/loopback.toml
#include "policy_checks.h"
int main(void) { return check_policy(32); }
