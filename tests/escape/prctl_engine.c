/* prctl options that would change the engine itself are virtual or refused, and chroot, which
 * would change the whole engine's root, is refused as without CAP_SYS_CHROOT (EPERM) after the
 * kernel's own lookup errors. Neighbours: PR_SET_NAME, PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS. */
#define _GNU_SOURCE
#include "escape.h"
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    EXPECT_TRUE("PR_GET_DUMPABLE starts at 1", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
    EXPECT_OK("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    EXPECT_TRUE("PR_GET_DUMPABLE reads 0", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
    EXPECT_OK("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    EXPECT_TRUE("PR_GET_DUMPABLE reads 1", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
    EXPECT_ERRNO("PR_SET_DUMPABLE 2 (SUID_DUMP_ROOT)", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0), EINVAL);

    /* PR_GET_TID_ADDRESS writes a pointer: the guest's own, into linear memory. */
    static int tid_word;
    syscall(SYS_set_tid_address, &tid_word);
    uint32_t got = 0;
    EXPECT_OK("PR_GET_TID_ADDRESS", prctl(PR_GET_TID_ADDRESS, &got, 0, 0, 0));
    EXPECT_TRUE("it is the set_tid_address pointer", got == (uint32_t)(uintptr_t)&tid_word);
    EXPECT_ERRNO("PR_GET_TID_ADDRESS to a host-looking address", prctl(PR_GET_TID_ADDRESS, 0xfffffff0ul, 0, 0, 0), EFAULT);

    EXPECT_ERRNO("PR_SET_MM", prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0x1000, 0, 0), EPERM);
    EXPECT_ERRNO("PR_SET_MM_MAP", prctl(PR_SET_MM, PR_SET_MM_MAP, 0, 0, 0), EPERM);
    EXPECT_ERRNO("PR_CAPBSET_DROP", prctl(PR_CAPBSET_DROP, 0, 0, 0, 0), EPERM);
    EXPECT_ERRNO("PR_SET_SECUREBITS", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0), EPERM);
    EXPECT_ERRNO("PR_SET_SPECULATION_CTRL", prctl(PR_SET_SPECULATION_CTRL, 0, 3, 0, 0), EPERM);
    EXPECT_ERRNO("PR_SET_SECCOMP strict", prctl(PR_SET_SECCOMP, 1, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_SECCOMP filter", prctl(PR_SET_SECCOMP, 2, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_PTRACER any", prctl(0x59616d61, -1UL, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_TSC SIGSEGV", prctl(PR_SET_TSC, 2, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_SYSCALL_USER_DISPATCH", prctl(59, 1, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_MDWE", prctl(65, 1, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_VMA", prctl(0x53564d41, 0, 0x10000, 4096, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_FP_MODE", prctl(45, 0, 0, 0, 0), EINVAL);
    EXPECT_ERRNO("PR_SET_IO_FLUSHER", prctl(57, 1, 0, 0, 0), EINVAL);

    EXPECT_ERRNO("chroot /", chroot("/"), EPERM);
    EXPECT_ERRNO("chroot .", chroot("."), EPERM);
    EXPECT_ERRNO("chroot of a missing directory", chroot("missing"), ENOENT);
    EXPECT_TRUE("the root is still the host's", access("/proc/self/status", R_OK) == 0);

    char name[16] = {0};
    EXPECT_OK("PR_SET_NAME", prctl(PR_SET_NAME, "escape", 0, 0, 0));
    EXPECT_OK("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
    EXPECT_TRUE("the name", strcmp(name, "escape") == 0);
    EXPECT_OK("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, 15, 0, 0, 0));
    EXPECT_OK("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    EXPECT_TRUE("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
    return escape_done();
}
