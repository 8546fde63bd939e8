// Children keep the policy: a forked child is confined like its parent, and a native program
// the guest execs (allowed here with --exec any) is confined by the kernel itself (Landlock):
// cat reads a granted file but not /etc/passwd.
// WALI-ARGS: --dir .::/work --ro-dir /usr/bin --exec any
#include "escape.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_cat(const char *path, char *out, size_t size) {
    int p[2];
    if (pipe(p)) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl("/usr/bin/cat", "cat", path, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    int n = 0, k;
    while ((k = read(p[0], out + n, size - 1 - n)) > 0) n += k;
    out[n] = 0;
    close(p[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void) {
    int fd = open("/work/granted.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "granted\n", 8);
    close(fd);

    pid_t pid = fork();
    if (pid == 0) {
        int f = open("/etc/passwd", O_RDONLY);
        int g = open("/work/granted.txt", O_RDONLY);
        _exit(f == -1 && errno == EACCES && g >= 0 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    EXPECT_TRUE("a forked child is confined and still reaches the grant", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    char out[256];
    // The native program sees host paths; its cwd is the grant's host directory.
    EXPECT_TRUE("a native child reads a granted file", run_cat("granted.txt", out, sizeof out) == 0 && strcmp(out, "granted\n") == 0);
    EXPECT_TRUE("a native child cannot read /etc/passwd (Landlock)", run_cat("/etc/passwd", out, sizeof out) == 1 && out[0] == 0);
    EXPECT_ERRNO("exec of a program outside the grants", execl("/bin/sh", "sh", (char *)NULL), EACCES);
    return escape_done();
}
