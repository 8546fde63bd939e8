// ARGS: @OUT/proc_exec_child
#include "wali_signal.h"
/* execve of another WALI module (argv[1], the sibling test proc_exec_child built for this side)
 * and of native programs with an environment; close-on-exec; errors. */
static int run_and_wait(const char *path, char **args, char **env) {
    long pid = sys_fork();
    if (pid == 0) {
        long r = sys_execve(path, args, env);
        out("execve failed: "); out_int(r); out("\n");
        sys_exit_group(127);
    }
    int status = 0;
    sys_wait4((int)pid, &status, 0, 0);
    return status;
}

static void fd_text(char *buf, int fd) {
    int i = 0;
    if (fd >= 10) buf[i++] = (char)('0' + fd / 10);
    buf[i++] = (char)('0' + fd % 10);
    buf[i] = 0;
}

int test_main(int argc, char **argv) {
    if (argc < 2) { outln("usage: proc_exec CHILD"); return 2; }
    char *child_args[] = {"proc_exec_child", "alpha", "beta gamma", "", 0};
    char *child_env[] = {"WALI_EXEC_ONE=hello env", "OTHER=1", "WALI_EXEC_TWO=", 0};
    t_report_status("WALI child", run_and_wait(argv[1], child_args, child_env));

    char *env_args[] = {"env", 0};
    char *env_env[] = {"A=1", "B=two words", 0};
    t_report_status("native env", run_and_wait("/usr/bin/env", env_args, env_env));

    char *sh_args[] = {"sh", "-c", "echo from sh: $X; exit 3", 0};
    char *sh_env[] = {"X=42", 0};
    t_report_status("native sh", run_and_wait("/bin/sh", sh_args, sh_env));

    /* close-on-exec: the shell checks which of our descriptors it inherited */
    int keep[2], drop[2];
    sys_pipe2(keep, 0);
    sys_pipe2(drop, K_O_CLOEXEC);
    char a[4], b[4];
    fd_text(a, keep[0]);
    fd_text(b, drop[0]);
    char *fd_args[] = {"sh", "-c", "for f in \"$@\"; do if [ -e /proc/self/fd/$f ]; then echo open; else echo closed; fi; done",
                       "sh", a, b, 0};
    t_report_status("cloexec", run_and_wait("/bin/sh", fd_args, sh_env));

    /* a script with a #! line, exec'd by the kernel */
    long fd = sys_openat(K_AT_FDCWD, "script.sh", K_O_WRONLY | K_O_CREAT | K_O_TRUNC, 0755);
    const char *script = "#!/bin/sh\necho script args: \"$@\"\n";
    sys_write((int)fd, (void *)script, t_strlen(script));
    sys_close((int)fd);
    char *script_args[] = {"script.sh", "one", "two", 0};
    t_report_status("script", run_and_wait("./script.sh", script_args, sh_env));

    /* errors: returned to the caller, which goes on */
    report("missing file", sys_execve("./no-such-program", child_args, child_env));
    report("bad path pointer", sys_execve(BAD_PTR, child_args, child_env));
    char *bad_args[] = {"x", BAD_PTR, 0};
    report("bad argv entry", sys_execve("/bin/sh", bad_args, child_env));
    report("bad argv array", sys_execve("/bin/sh", BAD_PTR, child_env));
    report("bad envp array", sys_execve("/bin/sh", child_args, BAD_PTR));
    fd = sys_openat(K_AT_FDCWD, "plain.wasm", K_O_WRONLY | K_O_CREAT | K_O_TRUNC, 0644);
    sys_write((int)fd, "\0asm\1\0\0\0", 8);
    sys_close((int)fd);
    report("module without exec permission", sys_execve("./plain.wasm", child_args, child_env));
    report("directory", sys_execve(".", child_args, child_env));
    return t_failures ? 1 : 0;
}
