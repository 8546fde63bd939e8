#include "wali_test.h"
/* Anonymous mappings: reuse in a map/unmap loop, zero fill, partial unmap, MAP_FIXED, errors. */
#define PR 1
#define PW 2
#define MSH 1
#define MPR 2
#define MFIX 0x10
#define MANON 0x20
#define MNOREPLACE 0x100000
#define PG 4096
#define MIB (1L << 20)

static int is_err(long r) { return r < 0 && r > -4096; }
static int all_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}
static long anon(size_t len) { return sys_mmap(0, len, PR | PW, MPR | MANON, -1, 0); }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    long a = anon(MIB);
    check("mmap anonymous", !is_err(a));
    check("page aligned", (a & (PG - 1)) == 0);
    unsigned char *p = (unsigned char *)a;
    check("fresh mapping is zero", all_zero(p, MIB));
    t_memset(p, 0xab, MIB);
    report("munmap", sys_munmap(p, MIB));
    long b = anon(MIB);
    check("mapping after unmap is zero", !is_err(b) && all_zero((unsigned char *)b, MIB));
    sys_munmap((void *)b, MIB);

    /* A map/unmap loop reuses addresses instead of growing memory. */
    long first = 0, other = 0;
    int distinct = 0, dirty = 0;
    for (int i = 0; i < 2000; i++) {
        long m = anon(MIB);
        if (is_err(m)) { report("loop mmap failed at", i); break; }
        if (i == 0) first = m;
        else if (m != first && m != other) { other = m; distinct++; }
        unsigned char *q = (unsigned char *)m;
        if (q[0] || q[MIB - 1] || q[MIB / 2]) dirty++;
        q[0] = 1; q[MIB - 1] = 2; q[MIB / 2] = 3;
        sys_munmap(q, MIB);
    }
    check("loop reuses addresses", distinct <= 1);
    check("loop mappings start zeroed", dirty == 0);
#ifdef __wasm__
    check("memory stays bounded", __builtin_wasm_memory_size(0) < 1024); /* < 64 MiB */
#else
    check("memory stays bounded", 1);
#endif

    /* Partial unmap keeps the rest. */
    long c = anon(4 * PG);
    unsigned char *cp = (unsigned char *)c;
    t_memset(cp, 0x5a, 4 * PG);
    report("munmap middle page", sys_munmap(cp + PG, PG));
    check("outer pages intact", cp[0] == 0x5a && cp[2 * PG] == 0x5a && cp[4 * PG - 1] == 0x5a);
    report("mprotect hole", sys_mprotect(cp + PG, PG, PR));
    report("msync hole", sys_msync(cp + PG, PG, 4));
    report("munmap hole again", sys_munmap(cp + PG, PG));
    report("mprotect mapped", sys_mprotect(cp, PG, PR));
    report("mprotect back", sys_mprotect(cp, PG, PR | PW));
    /* MAP_FIXED into the hole, and over a live page. */
    long f = sys_mmap(cp + PG, PG, PR | PW, MPR | MANON | MFIX, -1, 0);
    check("MAP_FIXED into hole at requested address", f == c + PG);
    check("MAP_FIXED page is zero", all_zero(cp + PG, PG));
    long g = sys_mmap(cp + 2 * PG, PG, PR | PW, MPR | MANON | MFIX, -1, 0);
    check("MAP_FIXED over live page replaces it", g == c + 2 * PG && all_zero(cp + 2 * PG, PG));
    check("neighbours untouched", cp[0] == 0x5a && cp[3 * PG] == 0x5a);
    report("MAP_FIXED_NOREPLACE over mapping", sys_mmap(cp, PG, PR | PW, MPR | MANON | MNOREPLACE, -1, 0));
    /* madvise(DONTNEED) zeroes private anonymous memory. */
    report("madvise DONTNEED", sys_madvise(cp, 2 * PG, 4));
    check("DONTNEED zeroed", all_zero(cp, 2 * PG));
    check("after DONTNEED untouched", cp[3 * PG] == 0x5a);
    report("madvise WILLNEED", sys_madvise(cp, PG, 3));
    report("madvise bad advice", sys_madvise(cp, PG, 999));
    report("madvise unaligned", sys_madvise(cp + 1, PG, 4));
    report("mprotect bad prot", sys_mprotect(cp, PG, 0x100));
    report("mprotect unaligned", sys_mprotect(cp + 1, PG, PR));
    report("mprotect zero length", sys_mprotect(cp, 0, PR));
    report("munmap all", sys_munmap(cp, 4 * PG));
    report("mprotect after unmap", sys_mprotect(cp, PG, PR));

    /* Errors. */
    report("mmap length 0", sys_mmap(0, 0, PR, MPR | MANON, -1, 0));
    report("mmap no type", sys_mmap(0, PG, PR, MANON, -1, 0));
    report("mmap bad type", sys_mmap(0, PG, PR, 0xf | MANON, -1, 0));
    report("mmap fixed unaligned", sys_mmap((void *)(c + 1), PG, PR, MPR | MANON | MFIX, -1, 0));
    report("mmap offset unaligned", sys_mmap(0, PG, PR, MPR | MANON, -1, 100));
    report("mmap bad fd", sys_mmap(0, PG, PR, MPR, 99, 0));
    report("mmap bad fd length 0", sys_mmap(0, 0, PR, MPR, 99, 0));
    report("munmap unaligned", sys_munmap((void *)(c + 1), PG));
    report("munmap length 0", sys_munmap((void *)c, 0));
    report("msync bad flags", sys_msync((void *)c, PG, 1 | 4));
    report("mlockall no flags", sys_mlockall(0));
    report("mlockall unknown flag", sys_mlockall(8));
    report("mlockall ONFAULT alone", sys_mlockall(4));

    /* MAP_SHARED anonymous works and is zero. */
    long s = sys_mmap(0, 2 * PG, PR | PW, MSH | MANON, -1, 0);
    check("shared anonymous", !is_err(s) && all_zero((unsigned char *)s, 2 * PG));
    ((unsigned char *)s)[5] = 7;
    check("shared anonymous writable", ((unsigned char *)s)[5] == 7);
    report("munmap shared anonymous", sys_munmap((void *)s, 2 * PG));
    long s2 = anon(2 * PG);
    check("anonymous after shared is zero", !is_err(s2) && all_zero((unsigned char *)s2, 2 * PG));
    sys_munmap((void *)s2, 2 * PG);
    return t_failures ? 1 : 0;
}
