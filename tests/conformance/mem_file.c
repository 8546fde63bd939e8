#include "wali_test.h"
/* File mappings: MAP_SHARED writes reach the file, MAP_PRIVATE ones do not; msync; offsets;
 * partial unmap; mremap of a file mapping; permission and argument errors. */
#define PR 1
#define PW 2
#define MSH 1
#define MPR 2
#define MANON 0x20
#define MAYMOVE 1
#define PG 4096

static int is_err(long r) { return r < 0 && r > -4096; }
static int all_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}
static int file_byte(int fd, long off) {
    unsigned char c = 0;
    return sys_pread64(fd, &c, 1, off) == 1 ? c : -1;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int fd = (int)sys_openat(K_AT_FDCWD, "data", K_O_RDWR | K_O_CREAT | K_O_TRUNC, 0644);
    static unsigned char buf[3 * PG];
    for (int i = 0; i < 3 * PG; i++) buf[i] = (unsigned char)('a' + i / PG);
    report("write file", sys_write(fd, buf, sizeof buf));

    /* MAP_SHARED: writes reach the file, visible through read(2) at once. */
    long m = sys_mmap(0, 2 * PG, PR | PW, MSH, fd, 0);
    check("mmap shared", !is_err(m));
    unsigned char *p = (unsigned char *)m;
    check("mapping shows file", p[0] == 'a' && p[PG] == 'b' && p[2 * PG - 1] == 'b');
    p[10] = 'X';
    p[PG + 20] = 'Y';
    check("shared write visible to read", file_byte(fd, 10) == 'X' && file_byte(fd, PG + 20) == 'Y');
    report("msync MS_SYNC", sys_msync(p, 2 * PG, 4));
    report("msync MS_ASYNC", sys_msync(p, PG, 1));
    report("msync MS_INVALIDATE", sys_msync(p, PG, 2));
    report("msync unaligned", sys_msync(p + 1, PG, 4));
    report("msync bad flags", sys_msync(p, PG, 8));
    /* A write through the file shows in the mapping. */
    report("pwrite", sys_pwrite64(fd, "Q", 1, 30));
    check("file write visible in mapping", p[30] == 'Q');
    /* Partial unmap: the rest still writes through. */
    report("munmap first page", sys_munmap(p, PG));
    p[PG + 21] = 'Z';
    check("second page still shared", file_byte(fd, PG + 21) == 'Z');
    report("munmap second page", sys_munmap(p + PG, PG));
    check("data persisted after munmap", file_byte(fd, 10) == 'X' && file_byte(fd, PG + 21) == 'Z');
    /* Memory where the file was reads as zero when mapped again anonymously. */
    long an = sys_mmap(0, 2 * PG, PR | PW, MPR | MANON, -1, 0);
    check("anonymous after file is zero", !is_err(an) && all_zero((unsigned char *)an, 2 * PG));
    sys_munmap((void *)an, 2 * PG);

    /* MAP_PRIVATE: copy on write, the file is untouched. */
    long q = sys_mmap(0, PG, PR | PW, MPR, fd, PG);
    check("mmap private at offset", !is_err(q) && ((unsigned char *)q)[0] == 'b');
    ((unsigned char *)q)[0] = 'P';
    check("private write not in file", file_byte(fd, PG) == 'b');
    check("private write in mapping", ((unsigned char *)q)[0] == 'P');
    report("munmap private", sys_munmap((void *)q, PG));

    /* A mapping past the end of the file reads zeros up to the page end. */
    long e = sys_mmap(0, PG, PR, MPR, fd, 2 * PG);
    check("last page mapped", !is_err(e) && ((unsigned char *)e)[PG - 1] == 'c');
    sys_munmap((void *)e, PG);

    /* mremap of a shared file mapping (MAYMOVE): the new part shows the file. */
    long r = sys_mmap(0, PG, PR | PW, MSH, fd, 0);
    long r2 = sys_mremap((void *)r, PG, 3 * PG, MAYMOVE, 0);
    check("mremap file mapping", !is_err(r2));
    unsigned char *rp = (unsigned char *)r2;
    check("remapped shows file", rp[10] == 'X' && rp[PG] == 'b' && rp[2 * PG] == 'c');
    rp[2 * PG + 5] = 'R';
    check("remapped still shared", file_byte(fd, 2 * PG + 5) == 'R');
    report("shrink file mapping", sys_mremap(rp, 3 * PG, PG, 0, 0) == r2);
    report("munmap remapped", sys_munmap(rp, PG));

    /* Permissions. */
    int ro = (int)sys_openat(K_AT_FDCWD, "data", K_O_RDONLY, 0);
    int wo = (int)sys_openat(K_AT_FDCWD, "data", K_O_WRONLY, 0);
    report("shared writable on read-only fd", sys_mmap(0, PG, PR | PW, MSH, ro, 0));
    long rm = sys_mmap(0, PG, PR, MSH, ro, 0);
    check("shared read-only on read-only fd", !is_err(rm) && ((unsigned char *)rm)[10] == 'X');
    report("mprotect write on it", sys_mprotect((void *)rm, PG, PR | PW));
    sys_munmap((void *)rm, PG);
    long pm = sys_mmap(0, PG, PR | PW, MPR, ro, 0);
    check("private writable on read-only fd", !is_err(pm));
    sys_munmap((void *)pm, PG);
    report("write-only fd", sys_mmap(0, PG, PR, MPR, wo, 0));
    report("bad fd", sys_mmap(0, PG, PR, MSH, 77, 0));
    report("unaligned offset", sys_mmap(0, PG, PR, MSH, fd, 100));
    report("shared validate unknown flag", sys_mmap(0, PG, PR, 3 | 0x80000, fd, 0));
    long v = sys_mmap(0, PG, PR, 3, fd, 0);
    check("shared validate", !is_err(v));
    sys_munmap((void *)v, PG);
    sys_close(ro);
    sys_close(wo);
    sys_close(fd);
    return t_failures ? 1 : 0;
}
