#include "wali_test.h"
/* mremap: shrink in place, grow in place, move, MREMAP_FIXED, errors. */
#define PR 1
#define PW 2
#define MPR 2
#define MANON 0x20
#define MAYMOVE 1
#define RFIXED 2
#define PG 4096

static int is_err(long r) { return r < 0 && r > -4096; }
static int all_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}
static int all_is(const unsigned char *p, size_t n, unsigned char v) {
    for (size_t i = 0; i < n; i++) if (p[i] != v) return 0;
    return 1;
}
static long anon(size_t len) { return sys_mmap(0, len, PR | PW, MPR | MANON, -1, 0); }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    /* Grow with MAYMOVE keeps the data; the new part is zero. */
    long a = anon(2 * PG);
    t_memset((void *)a, 0x11, 2 * PG);
    long b = sys_mremap((void *)a, 2 * PG, 64 * PG, MAYMOVE, 0);
    check("grow with MAYMOVE", !is_err(b));
    check("data kept", all_is((unsigned char *)b, 2 * PG, 0x11));
    check("new part zero", all_zero((unsigned char *)b + 2 * PG, 62 * PG));
    /* Shrink stays in place. */
    long c = sys_mremap((void *)b, 64 * PG, PG, 0, 0);
    check("shrink in place", c == b);
    check("shrunk data kept", all_is((unsigned char *)c, PG, 0x11));
    report("tail unmapped", sys_mprotect((unsigned char *)c + PG, PG, PR));
    report("munmap shrunk", sys_munmap((void *)c, PG));

    /* Grow in place into a free page; fail without MAYMOVE when the next page is taken. */
    long x = anon(3 * PG);
    unsigned char *xp = (unsigned char *)x;
    t_memset(xp, 0x22, 3 * PG);
    sys_munmap(xp + PG, PG);
    long y = sys_mremap(xp, PG, 2 * PG, 0, 0);
    check("grow in place into hole", y == x);
    check("grown page zero", all_zero(xp + PG, PG));
    check("first page kept", all_is(xp, PG, 0x22));
    report("grow blocked without MAYMOVE", sys_mremap(xp, 2 * PG, 4 * PG, 0, 0));
    check("third page still there", all_is(xp + 2 * PG, PG, 0x22));
    long z = sys_mremap(xp, 2 * PG, 4 * PG, MAYMOVE, 0);
    check("blocked grow moves with MAYMOVE", !is_err(z) && z != x);
    check("moved data", all_is((unsigned char *)z, PG, 0x22) && all_zero((unsigned char *)z + PG, 3 * PG));
    report("old range gone", sys_mprotect(xp, PG, PR));
    report("third page survives move", sys_mprotect(xp + 2 * PG, PG, PR));
    sys_munmap(xp + 2 * PG, PG);
    sys_munmap((void *)z, 4 * PG);

    /* MREMAP_FIXED moves to a chosen address, replacing what is there. */
    long src = anon(PG), dst = anon(2 * PG);
    t_memset((void *)src, 0x33, PG);
    t_memset((void *)dst, 0x44, 2 * PG);
    long m = sys_mremap((void *)src, PG, PG, MAYMOVE | RFIXED, (void *)dst);
    check("MREMAP_FIXED to chosen address", m == dst);
    check("moved content", all_is((unsigned char *)dst, PG, 0x33));
    check("rest of destination mapping kept", all_is((unsigned char *)dst + PG, PG, 0x44));
    report("source gone", sys_mprotect((void *)src, PG, PR));
    report("overlapping MREMAP_FIXED", sys_mremap((void *)dst, 2 * PG, 2 * PG, MAYMOVE | RFIXED, (void *)(dst + PG)));

    /* Errors. */
    report("bad flags", sys_mremap((void *)dst, PG, PG, 8, 0));
    report("FIXED without MAYMOVE", sys_mremap((void *)dst, PG, 2 * PG, RFIXED, (void *)src));
    report("unaligned", sys_mremap((void *)(dst + 1), PG, PG, 0, 0));
    report("new size 0", sys_mremap((void *)dst, PG, 0, MAYMOVE, 0));
    report("unmapped source", sys_mremap((void *)src, PG, 2 * PG, MAYMOVE, 0));
    report("beyond the mapping", sys_mremap((void *)dst, 4 * PG, 8 * PG, MAYMOVE, 0));
    report("munmap", sys_munmap((void *)dst, 2 * PG));

    /* A realloc-like pattern: grow one block many times. */
    long r = anon(PG);
    size_t len = PG;
    int ok = !is_err(r);
    for (int i = 0; ok && i < 200; i++) {
        ((unsigned char *)r)[len - 1] = (unsigned char)i;
        long n = sys_mremap((void *)r, len, len + 4 * PG, MAYMOVE, 0);
        if (is_err(n)) { ok = 0; break; }
        if (((unsigned char *)n)[len - 1] != (unsigned char)i) ok = 0;
        r = n;
        len += 4 * PG;
    }
    check("repeated grow keeps data", ok);
    report("munmap grown block", sys_munmap((void *)r, len));
    return t_failures ? 1 : 0;
}
