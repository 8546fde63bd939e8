#include "wali_signal.h"
/* Signals between processes: a child blocked in read killed by SIGTERM (default action), a
 * child with a SIGTERM handler that shuts down cleanly, a server blocked in accept that
 * handles SIGTERM, SIGCHLD to the parent, and a stopped/continued child. */
#define K_AF_INET 2
#define K_SOCK_STREAM 1
#define K_WUNTRACED 2
#define K_WCONTINUED 8
struct k_sockaddr_in { uint16_t family, port; uint32_t addr; uint8_t zero[8]; };

static volatile int terminated, children_ended;
static void on_term(int sig) { (void)sig; terminated = 1; }
static void on_chld(int sig) { (void)sig; children_ended++; }

/* Forks a child that runs body(ready_fd) after its setup; returns its pid once it said ready. */
static int spawn(void (*body)(int)) {
    int p[2];
    sys_pipe2(p, 0);
    long pid = sys_fork();
    if (pid == 0) {
        sys_close(p[0]);
        body(p[1]);
        sys_exit_group(99);
    }
    sys_close(p[1]);
    char c;
    sys_read(p[0], &c, 1);
    sys_close(p[0]);
    return (int)pid;
}

static void blocked_reader(int ready) {
    int p[2];
    sys_pipe2(p, 0);
    sys_write(ready, "r", 1);
    char c;
    sys_read(p[0], &c, 1);
}

static void handling_reader(int ready) {
    t_sigaction(K_SIGTERM, (void *)on_term, 0, 0);
    int p[2];
    sys_pipe2(p, 0);
    sys_write(ready, "r", 1);
    char c;
    long r = sys_read(p[0], &c, 1);
    sys_exit_group(r == -K_EINTR && terminated ? 3 : 4);
}

static void server(int ready) {
    t_sigaction(K_SIGTERM, (void *)on_term, 0, 0);
    int s = (int)sys_socket(K_AF_INET, K_SOCK_STREAM, 0);
    struct k_sockaddr_in sa = {K_AF_INET, 0, 0x0100007f, {0}};
    if (s < 0 || sys_bind(s, &sa, sizeof sa) < 0 || sys_listen(s, 4) < 0) sys_exit_group(5);
    sys_write(ready, "r", 1);
    long r = sys_accept(s, 0, 0);
    /* shut down cleanly: close the socket, exit 0 */
    sys_close(s);
    sys_exit_group(r == -K_EINTR && terminated ? 0 : 6);
}

static void sleeper(int ready) {
    sys_write(ready, "r", 1);
    for (int i = 0; i < 200; i++) t_sleep_ms(10);
    sys_exit_group(7);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int status = 0;
    t_sigaction(K_SIGCHLD, (void *)on_chld, K_SA_RESTART, 0);

    int pid = spawn(blocked_reader);
    t_sleep_ms(50);
    report("kill SIGTERM", sys_kill(pid, K_SIGTERM));
    check("wait4", sys_wait4(pid, &status, 0, 0) == pid);
    t_report_status("default SIGTERM", status);

    pid = spawn(handling_reader);
    t_sleep_ms(50);
    sys_kill(pid, K_SIGTERM);
    check("wait4", sys_wait4(pid, &status, 0, 0) == pid);
    t_report_status("handled SIGTERM in read", status);

    pid = spawn(server);
    t_sleep_ms(50);
    sys_kill(pid, K_SIGTERM);
    check("wait4", sys_wait4(pid, &status, 0, 0) == pid);
    t_report_status("server SIGTERM in accept", status);

    pid = spawn(sleeper);
    sys_kill(pid, K_SIGSTOP);
    check("wait4 stopped", sys_wait4(pid, &status, K_WUNTRACED, 0) == pid);
    report("stopped", T_WIFSTOPPED(status));
    report("stop signal", T_WSTOPSIG(status));
    sys_kill(pid, K_SIGCONT);
    check("wait4 continued", sys_wait4(pid, &status, K_WCONTINUED, 0) == pid);
    report("continued", T_WIFCONTINUED(status));
    sys_kill(pid, K_SIGKILL);
    check("wait4", sys_wait4(pid, &status, 0, 0) == pid);
    t_report_status("SIGKILL", status);

    check("SIGCHLD handler ran", children_ended >= 1);
    report("no more children", sys_wait4(-1, &status, K_WNOHANG, 0));
    return t_failures ? 1 : 0;
}
