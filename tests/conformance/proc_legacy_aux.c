#include "wali_signal.h"
/* Process-ending and legacy setjmp imports of `wali`: __proc_exit(status) ends the process like
 * exit_group; setjmp/sigsetjmp return 0; on the interpreter tier longjmp cannot unwind and ends
 * the process by SIGABRT with a message. The native build uses the C library's equivalents, and
 * each line states what must hold on that side. */
#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__proc_exit"))) void t_proc_exit(int status);
__attribute__((import_module("wali"), import_name("setjmp"))) int t_setjmp(void *env);
__attribute__((import_module("wali"), import_name("sigsetjmp"))) int t_sigsetjmp(void *env, int savesigs);
__attribute__((import_module("wali"), import_name("longjmp"))) void t_longjmp(void *env, int val);
static long jmpbuf[64];
#else
#include <setjmp.h>
static void t_proc_exit(int status) { sys_exit_group(status); }
static sigjmp_buf jmpbuf;
#endif

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int status = 0;
    long pid = sys_fork();
    if (pid == 0) { t_proc_exit(42); sys_exit_group(1); }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("__proc_exit child", status);

#ifdef __wasm__
    report("setjmp first return", t_setjmp(jmpbuf));
    report("sigsetjmp first return", t_sigsetjmp(jmpbuf, 1));
    pid = sys_fork();
    if (pid == 0) { t_longjmp(jmpbuf, 5); sys_exit_group(1); }
    sys_wait4((int)pid, &status, 0, 0);
    /* The interpreter cannot unwind to setjmp: the child ends by SIGABRT. */
    check("longjmp: the program does not go on past it", T_WIFSIGNALED(status) && T_WTERMSIG(status) == K_SIGABRT);
    /* rt_sigreturn: handlers return into the engine, so there is no frame to return through
     * (natively it would load whatever the stack holds, so there is nothing to compare). */
    check("rt_sigreturn outside a handler fails", sys_rt_sigreturn(0) == -K_ENOSYS);
#else
    volatile int second = 0;
    report("setjmp first return", setjmp(*(jmp_buf *)&jmpbuf));
    int r = sigsetjmp(jmpbuf, 1);
    if (!second) {
        report("sigsetjmp first return", r);
        second = 1;
        siglongjmp(jmpbuf, 5);
    }
    check("longjmp: the program does not go on past it", r == 5);
    check("rt_sigreturn outside a handler fails", 1);
#endif
    return t_failures ? 1 : 0;
}
