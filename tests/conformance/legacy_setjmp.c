#include "wali_signal.h"
// INTERP-EXITS: SIGABRT
/* The legacy `wali.setjmp`, `wali.sigsetjmp` and `wali.longjmp` imports (older toolchains call
 * them instead of lowering setjmp to Wasm exceptions), against the C library's sigsetjmp and
 * siglongjmp natively: jumps out of deep recursion, over frames with their own jump buffers, in
 * a loop, with and without the saved signal mask, and out of a signal handler.
 * The interpreter tier cannot unwind to a setjmp: there the first longjmp ends the process by
 * SIGABRT with a message, which the runner checks instead of the output (INTERP-EXITS). */
#ifdef __wasm__
__attribute__((import_module("wali"), import_name("setjmp"), returns_twice)) int t_setjmp(void *env);
__attribute__((import_module("wali"), import_name("sigsetjmp"), returns_twice)) int t_sigsetjmp(void *env, int savesigs);
__attribute__((import_module("wali"), import_name("longjmp"), noreturn)) void t_longjmp(void *env, int val);
typedef long t_jmp_buf[64];
#define SETJMP(b) t_setjmp(b)
#define SIGSETJMP(b, s) t_sigsetjmp(b, s)
#define LONGJMP(b, v) t_longjmp(b, v)
#else
#include <setjmp.h>
typedef sigjmp_buf t_jmp_buf;
#define SETJMP(b) sigsetjmp(b, 0)
#define SIGSETJMP(b, s) sigsetjmp(b, s)
#define LONGJMP(b, v) siglongjmp(b, v)
#endif

static t_jmp_buf env, inner_env, outer_env, senv;
static volatile int depth_reached;

static __attribute__((noinline)) int dive(int depth) {
    volatile char pad[32];
    pad[0] = (char)depth;
    depth_reached = depth;
    if (depth == 40) LONGJMP(env, depth);
    return dive(depth + 1) + pad[0];
}

static __attribute__((noinline)) void inner(void) { LONGJMP(inner_env, 1); }
static __attribute__((noinline)) void nested(void) {
    if (SETJMP(inner_env) == 0) { inner(); out("not reached\n"); }
    out("inner caught\n");
    LONGJMP(outer_env, 2);
}

static int blocked(int sig) {
    uint64_t cur = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &cur, 8);
    return (cur & K_BIT(sig)) != 0;
}

static volatile int handled;
static void on_usr1(int sig) { handled = sig; LONGJMP(senv, 7); }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    volatile int local = 1;
    int r = SETJMP(env);
    if (r == 0) {
        local = 2;
        dive(0);
        out("not reached\n");
    }
    report("longjmp out of recursion returns", r);
    report("depth reached", depth_reached);
    report("local modified before the jump", local);

    r = SETJMP(env);
    if (r == 0) LONGJMP(env, 0);
    report("longjmp(env, 0) makes setjmp return", r);

    r = SETJMP(outer_env);
    if (r == 0) nested();
    report("outer caught", r);

    volatile int count = 0;
    r = SETJMP(env);
    if (count < 1000) { count++; LONGJMP(env, count); }
    report("jumps in a loop", count);
    report("last value", r);

    uint64_t usr2 = K_BIT(K_SIGUSR2);
    r = SIGSETJMP(senv, 1);
    if (r == 0) {
        sys_rt_sigprocmask(K_SIG_BLOCK, &usr2, 0, 8);
        report("blocked before the jump", blocked(K_SIGUSR2));
        LONGJMP(senv, 3);
    }
    report("sigsetjmp(1) returned", r);
    check("sigsetjmp(1): the mask is restored", !blocked(K_SIGUSR2));
    r = SIGSETJMP(senv, 0);
    if (r == 0) {
        sys_rt_sigprocmask(K_SIG_BLOCK, &usr2, 0, 8);
        LONGJMP(senv, 4);
    }
    report("sigsetjmp(0) returned", r);
    check("sigsetjmp(0): the mask is kept", blocked(K_SIGUSR2));
    sys_rt_sigprocmask(K_SIG_UNBLOCK, &usr2, 0, 8);

    /* Out of a handler: the handler's mask (SIGUSR1 blocked) is undone by the saved mask. */
    t_sigaction(K_SIGUSR1, (void *)on_usr1, 0, 0);
    for (volatile int i = 0; i < 3; i++) {
        r = SIGSETJMP(senv, 1);
        if (r == 0) { sys_kill(sys_getpid(), K_SIGUSR1); out("not reached\n"); }
        report("jumped out of the handler", r);
        report("signal", handled);
        check("SIGUSR1 unblocked again", !blocked(K_SIGUSR1));
    }
    return t_failures ? 1 : 0;
}
