#include "wali_test.h"
/* The NULL page is never a mapping: mprotect, msync and madvise on a range at 0 fail with ENOMEM,
 * munmap of it succeeds (nothing to unmap), mremap of it is EFAULT, and a NULL buffer passed to a
 * syscall is EFAULT. (MAP_FIXED at 0 is not here: root may map it natively; the escape suite
 * checks the engine's EPERM.) */
#define PR 1
#define PW 2
#define PG 4096

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    report("mprotect NULL page", sys_mprotect(0, PG, PR | PW));
    report("mprotect NULL page, none", sys_mprotect(0, PG, 0));
    report("mprotect from NULL over two pages", sys_mprotect(0, 2 * PG, PR));
    report("msync NULL page", sys_msync(0, PG, 4 /* MS_SYNC */));
    report("msync NULL page async", sys_msync(0, PG, 1 /* MS_ASYNC */));
    report("madvise NULL page DONTNEED", sys_madvise(0, PG, 4));
    report("madvise NULL page NORMAL", sys_madvise(0, PG, 0));
    report("madvise NULL page WILLNEED", sys_madvise(0, PG, 3));
    report("mremap NULL page", sys_mremap(0, PG, 2 * PG, 1 /* MREMAP_MAYMOVE */, 0));
    report("munmap NULL page", sys_munmap(0, PG));
    report("write NULL buffer", sys_write(1, 0, 8));
    int p[2];
    report("pipe", sys_pipe(p));
    report("write to the pipe", sys_write(p[1], "12345678", 8));
    report("read NULL buffer", sys_read(p[0], 0, 8));
    report("write NULL buffer, zero length", sys_write(1, 0, 0));
    report("getcwd NULL buffer", sys_getcwd(0, 64));
    report("uname NULL", sys_uname(0));
    report("clock_gettime NULL", sys_clock_gettime(0, 0));
    return 0;
}
