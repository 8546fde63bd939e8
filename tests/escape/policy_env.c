// WALI_POLICY=FILE applies the file when no --policy is given (binfmt_misc runs).
// WALI-ENV: WALI_POLICY={src}/policies/loopback.toml
#include "policy_checks.h"
int main(void) { return check_policy(32); }
