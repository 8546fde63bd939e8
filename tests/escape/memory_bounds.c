/* Memory calls never reach outside linear memory: ranges at the NULL page, past the memory's
 * maximum, or wrapping around 4 GiB fail with Linux's errno for an unmapped range (ENOMEM;
 * EPERM for MAP_FIXED below mmap_min_addr; EFAULT for mremap of an unmapped range), and a NULL
 * buffer is EFAULT. Neighbours: mmap, mprotect, mremap, madvise, munmap inside memory work. */
#define _GNU_SOURCE
#include "escape.h"
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    void *top = (void *)(uintptr_t)0xffff0000u; /* beyond the module's 2 GiB maximum */
    EXPECT_ERRNO("mprotect(NULL page)", mprotect(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC), ENOMEM);
    EXPECT_ERRNO("msync(NULL page)", msync(0, 4096, MS_SYNC), ENOMEM);
    EXPECT_ERRNO("madvise(NULL page, DONTNEED)", madvise(0, 4096, MADV_DONTNEED), ENOMEM);
    EXPECT_ERRNO("madvise(NULL page, NORMAL)", madvise(0, 4096, MADV_NORMAL), ENOMEM);
    EXPECT_ERRNO("mmap(MAP_FIXED at NULL)", (long)(intptr_t)mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EPERM);
    EXPECT_ERRNO("mremap(NULL page)", (long)(intptr_t)mremap(0, 4096, 8192, MREMAP_MAYMOVE), EFAULT);
    EXPECT_ERRNO("write(NULL buffer)", write(1, 0, 16), EFAULT);
    EXPECT_ERRNO("read(NULL buffer)", read(0, 0, 16), EFAULT);

    EXPECT_ERRNO("mprotect beyond memory", mprotect(top, 4096, PROT_READ), ENOMEM);
    EXPECT_ERRNO("madvise beyond memory", madvise(top, 4096, MADV_DONTNEED), ENOMEM);
    EXPECT_ERRNO("msync beyond memory", msync(top, 4096, MS_SYNC), ENOMEM);
    EXPECT_ERRNO("mmap(MAP_FIXED beyond memory)", (long)(intptr_t)mmap(top, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    EXPECT_ERRNO("mmap(MAP_FIXED wrapping 4 GiB)", (long)(intptr_t)mmap(top, 0x20000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    EXPECT_ERRNO("mmap(larger than memory)", (long)(intptr_t)mmap(0, 0x7ffff000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    EXPECT_ERRNO("mremap beyond memory", (long)(intptr_t)mremap(top, 4096, 8192, MREMAP_MAYMOVE), EFAULT);

    char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_TRUE("mmap inside memory", p != MAP_FAILED);
    EXPECT_ERRNO("mremap(MAP_FIXED target beyond memory)", (long)(intptr_t)mremap(p, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, top), ENOMEM);
    EXPECT_ERRNO("mmap(MAP_FIXED over the engine's reservation tail)", (long)(intptr_t)mmap((void *)0xfffff000u, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    memset(p, 7, 3 * 4096);
    EXPECT_OK("mprotect inside memory", mprotect(p, 4096, PROT_READ));
    EXPECT_OK("madvise inside memory", madvise(p + 4096, 4096, MADV_DONTNEED));
    EXPECT_TRUE("DONTNEED zeroed it", p[4096] == 0 && p[0] == 7 && p[8192] == 7);
    EXPECT_OK("mprotect it back", mprotect(p, 4096, PROT_READ | PROT_WRITE));
    char *q = mremap(p, 3 * 4096, 6 * 4096, MREMAP_MAYMOVE);
    EXPECT_TRUE("mremap inside memory", q != MAP_FAILED && q[0] == 7);
    EXPECT_OK("munmap inside memory", munmap(q, 6 * 4096));
    EXPECT_OK("munmap(NULL page) is a no-op, as on Linux", munmap(0, 4096));
    EXPECT_OK("munmap beyond memory is a no-op, as on Linux", munmap(top, 4096));
    return escape_done();
}
