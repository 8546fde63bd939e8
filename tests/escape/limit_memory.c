// --max-memory: linear memory stops growing at the limit (memory.grow -1, mmap ENOMEM) and
// getrlimit(RLIMIT_AS) says so; memory below the limit is usable.
// WALI-ARGS: --max-memory 24M
#include "policy_rules.h"
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>

int main(void) {
    struct rlimit as;
    EXPECT_OK(getrlimit(RLIMIT_AS, &as));
    EXPECT_TRUE(as.rlim_cur == 24u << 20 && as.rlim_max == 24u << 20);
    size_t pages = __builtin_wasm_memory_size(0);
    EXPECT_TRUE(pages <= 384);
    EXPECT_TRUE(__builtin_wasm_memory_grow(0, 385 - pages) == (size_t)-1);
    EXPECT_TRUE(mmap(0, 32u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM);
    // Up to the limit, memory is there.
    size_t total = 0;
    for (;;) {
        char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        p[0] = p[(1 << 20) - 1] = 1;
        total += 1 << 20;
    }
    EXPECT_TRUE(errno == ENOMEM);
    printf("mapped %zu MiB\n", total >> 20);
    EXPECT_TRUE(total >= (4u << 20) && total < (24u << 20));
    EXPECT_TRUE(__builtin_wasm_memory_size(0) <= 384);
    return finish();
}
