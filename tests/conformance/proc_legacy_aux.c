#include "wali_signal.h"
/* The process-ending import of `wali`: __proc_exit(status) ends the process like exit_group;
 * rt_sigreturn outside a handler fails. (The legacy setjmp imports: legacy_setjmp.c.) */
#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__proc_exit"))) void t_proc_exit(int status);
#else
static void t_proc_exit(int status) { sys_exit_group(status); }
#endif

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int status = 0;
    long pid = sys_fork();
    if (pid == 0) { t_proc_exit(42); sys_exit_group(1); }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("__proc_exit child", status);

#ifdef __wasm__
    /* rt_sigreturn: handlers return into the engine, so there is no frame to return through
     * (natively it would load whatever the stack holds, so there is nothing to compare). */
    check("rt_sigreturn outside a handler fails", sys_rt_sigreturn(0) == -K_ENOSYS);
#else
    check("rt_sigreturn outside a handler fails", 1);
#endif
    return t_failures ? 1 : 0;
}
