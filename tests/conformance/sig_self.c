#include "wali_signal.h"
/* Signals to self: kill and tkill run the handler before the call returns; SA_SIGINFO fields;
 * blocking, pending, sigsuspend; SA_RESETHAND, SA_NODEFER, sa_mask; sigaltstack; errors. */
static volatile int hits, last_sig, info_sig, info_code, info_pid_ok, info_uid_ok, nested, depth, max_depth;
static volatile uint64_t mask_in_handler;
static volatile int uc_nonnull;

static void on_usr(int sig) {
    hits++;
    last_sig = sig;
    uint64_t m = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &m, 8);
    mask_in_handler = m;
}

static void on_info(int sig, struct k_siginfo *si, void *uc) {
    hits++;
    info_sig = si->signo == sig ? sig : -1;
    info_code = si->code;
    info_pid_ok = si->pid == sys_getpid();
    info_uid_ok = si->uid == (unsigned)sys_getuid();
    uc_nonnull = uc != 0;
}

static volatile int nodefer_calls;
static void on_nodefer(int sig) {
    nodefer_calls++;
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (nodefer_calls < 3) sys_kill(sys_getpid(), sig);
    depth--;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int me = sys_getpid();
    struct t_action act;

    report("initial USR1 kind", (t_get_action(K_SIGUSR1, &act), act.kind));
    report("install", t_sigaction(K_SIGUSR1, (void *)on_usr, 0, K_BIT(K_SIGUSR2)));
    report("kill self", sys_kill(me, K_SIGUSR1));
    report("handler ran before kill returned", hits);
    report("signal number", last_sig);
    check("sa_mask and the signal blocked in the handler",
          (mask_in_handler & (K_BIT(K_SIGUSR1) | K_BIT(K_SIGUSR2))) == (K_BIT(K_SIGUSR1) | K_BIT(K_SIGUSR2)));
    uint64_t now = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &now, 8);
    check("mask restored after the handler", (now & K_BIT(K_SIGUSR1)) == 0);
    t_get_action(K_SIGUSR1, &act);
    report("query kind", act.kind);
    check("query handler", act.handler == (void *)on_usr);
    check("query mask", act.mask == K_BIT(K_SIGUSR2));
    report("query flags", (long)act.flags);

    /* tkill and SA_SIGINFO */
    hits = 0;
    report("install siginfo", t_sigaction(K_SIGUSR2, (void *)on_info, K_SA_SIGINFO | K_SA_RESTART, 0));
    report("tkill self", sys_tkill(sys_gettid(), K_SIGUSR2));
    report("siginfo handler ran", hits);
    report("si_signo", info_sig);
    report("si_code tkill", info_code);
    check("si_pid", info_pid_ok);
    check("si_uid", info_uid_ok);
    check("ucontext given", uc_nonnull);
    report("kill self again", sys_kill(me, K_SIGUSR2));
    report("si_code kill", info_code);
    t_get_action(K_SIGUSR2, &act);
    report("siginfo flags", (long)act.flags);

    /* blocked: pending until unblocked */
    hits = 0;
    uint64_t block = K_BIT(K_SIGUSR1), old = 0, pending = 0;
    report("block", sys_rt_sigprocmask(K_SIG_BLOCK, &block, &old, 8));
    report("kill blocked", sys_kill(me, K_SIGUSR1));
    report("not delivered while blocked", hits);
    report("sigpending", sys_rt_sigpending(&pending, 8));
    check("pending has USR1", (pending & K_BIT(K_SIGUSR1)) != 0);
    report("unblock", sys_rt_sigprocmask(K_SIG_UNBLOCK, &block, 0, 8));
    report("delivered on unblock", hits);
    pending = 0;
    sys_rt_sigpending(&pending, 8);
    check("nothing pending", (pending & K_BIT(K_SIGUSR1)) == 0);

    /* sigsuspend: a blocked pending signal runs when the temporary mask allows it */
    hits = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, &block, 0, 8);
    sys_kill(me, K_SIGUSR1);
    uint64_t empty = 0;
    report("sigsuspend", sys_rt_sigsuspend(&empty, 8));
    report("sigsuspend handler", hits);
    now = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &now, 8);
    check("mask back after sigsuspend", (now & K_BIT(K_SIGUSR1)) != 0);
    sys_rt_sigprocmask(K_SIG_UNBLOCK, &block, 0, 8);
    report("sigsuspend bad size", sys_rt_sigsuspend(&empty, 4));
    report("sigsuspend bad pointer", sys_rt_sigsuspend(BAD_PTR, 8));

    /* SIG_IGN: the signal is dropped */
    hits = 0;
    report("ignore", t_sigaction(K_SIGUSR1, T_SIG_IGN, 0, 0));
    report("kill ignored", sys_kill(me, K_SIGUSR1));
    t_get_action(K_SIGUSR1, &act);
    report("ignored kind", act.kind);
    report("ignored hits", hits);

    /* SA_RESETHAND: back to SIG_DFL once delivered */
    hits = 0;
    t_sigaction(K_SIGUSR1, (void *)on_usr, K_SA_RESETHAND, 0);
    sys_kill(me, K_SIGUSR1);
    report("resethand ran", hits);
    t_get_action(K_SIGUSR1, &act);
    report("resethand kind after", act.kind);

    /* SA_NODEFER: the handler can be re-entered by its own signal */
    t_sigaction(K_SIGHUP, (void *)on_nodefer, K_SA_NODEFER, 0);
    sys_kill(me, K_SIGHUP);
    report("nodefer nesting", max_depth);
    report("nodefer calls", nodefer_calls);
    max_depth = 0;
    nodefer_calls = 0;
    t_sigaction(K_SIGHUP, (void *)on_nodefer, 0, 0);
    sys_kill(me, K_SIGHUP);
    report("deferred nesting", max_depth);
    report("deferred calls", nodefer_calls);

    /* SIG_DFL of an ignore-by-default signal */
    t_sigaction(K_SIGCHLD, T_SIG_DFL, 0, 0);
    report("kill SIGCHLD default", sys_kill(me, K_SIGCHLD));
    report("kill signal 0", sys_kill(me, 0));

    /* errors */
    char rec[32];
    report("sigaction bad size", sys_rt_sigaction(K_SIGUSR1, 0, rec, 4));
    report("sigaction signal 0", sys_rt_sigaction(0, 0, rec, 8));
    report("sigaction signal 65", sys_rt_sigaction(65, 0, rec, 8));
    report("sigaction SIGKILL query", sys_rt_sigaction(K_SIGKILL, 0, rec, 8));
    report("sigaction SIGKILL set", t_sigaction(K_SIGKILL, (void *)on_usr, 0, 0));
    report("sigaction SIGSTOP ignore", t_sigaction(K_SIGSTOP, T_SIG_IGN, 0, 0));
    report("sigaction bad act", sys_rt_sigaction(K_SIGUSR1, BAD_PTR, 0, 8));
    report("sigaction bad oldact", sys_rt_sigaction(K_SIGUSR1, 0, BAD_PTR, 8));
    report("sigprocmask bad how", sys_rt_sigprocmask(7, &block, 0, 8));
    report("sigprocmask bad how no set", sys_rt_sigprocmask(7, 0, 0, 8));
    report("sigprocmask bad size", sys_rt_sigprocmask(K_SIG_BLOCK, &block, 0, 16));
    report("sigprocmask bad set", sys_rt_sigprocmask(K_SIG_BLOCK, BAD_PTR, 0, 8));
    report("sigpending bad size", sys_rt_sigpending(&pending, 16));
    report("sigpending bad pointer", sys_rt_sigpending(BAD_PTR, 8));
    uint64_t killstop = K_BIT(K_SIGKILL) | K_BIT(K_SIGSTOP);
    sys_rt_sigprocmask(K_SIG_BLOCK, &killstop, 0, 8);
    now = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &now, 8);
    check("SIGKILL/SIGSTOP cannot be blocked", (now & killstop) == 0);
    report("kill bad signal", sys_kill(me, 65));
    report("kill no such process", sys_kill(0x3fffffff, 0));
    report("tkill bad tid", sys_tkill(-1, K_SIGUSR1));
    report("tkill bad signal", sys_tkill(sys_gettid(), 99));

    /* sigaltstack (guest stack_t) */
    struct { void *sp; int flags; size_t size; } ss, oss;
    static char altstack[16384];
    report("altstack query", sys_sigaltstack(0, &oss));
    report("altstack initially disabled", oss.flags);
    ss.sp = altstack; ss.flags = 0; ss.size = sizeof altstack;
    report("altstack set", sys_sigaltstack(&ss, 0));
    report("altstack get", sys_sigaltstack(0, &oss));
    check("altstack sp", oss.sp == (void *)altstack);
    report("altstack size", (long)oss.size);
    report("altstack flags", oss.flags);
    ss.size = 1024;
    report("altstack too small", sys_sigaltstack(&ss, 0));
    ss.size = sizeof altstack; ss.flags = 4;
    report("altstack bad flags", sys_sigaltstack(&ss, 0));
    ss.flags = 2;
    report("altstack disable", sys_sigaltstack(&ss, &oss));
    report("altstack old size", (long)oss.size);
    sys_sigaltstack(0, &oss);
    report("altstack disabled", oss.flags);
    report("altstack bad pointer", sys_sigaltstack(BAD_PTR, 0));
    return t_failures ? 1 : 0;
}
