/* /proc/<pid>/mem in every spelling is refused (EACCES): the engine's memory, of which the guest's
 * linear memory is a part, is never readable or writable through it. The neighbours still work:
 * other /proc/self files, /proc/self/fd re-opens of ordinary files, symlinks to ordinary files. */
#define _GNU_SOURCE
#include "escape.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[256];

static const char *fmt(const char *format, long a, long b) {
    snprintf(path, sizeof path, format, a, b);
    return path;
}

int main(void) {
    pid_t pid = getpid();
    long tid = syscall(SYS_gettid);
    char what[300];

    const char *spellings[] = {
        "/proc/self/mem", "/proc/thread-self/mem", "/proc/self/../self/mem", "/proc/self/root/proc/self/mem",
        "/proc//self///mem", "/proc/self/task/../mem",
    };
    for (unsigned i = 0; i < sizeof spellings / sizeof *spellings; i++) {
        snprintf(what, sizeof what, "open %s O_RDWR", spellings[i]);
        EXPECT_ERRNO(what, open(spellings[i], O_RDWR), EACCES);
        snprintf(what, sizeof what, "open %s O_RDONLY", spellings[i]);
        EXPECT_ERRNO(what, open(spellings[i], O_RDONLY), EACCES);
    }
    EXPECT_ERRNO("open /proc/<pid>/mem", open(fmt("/proc/%ld/mem", pid, 0), O_RDWR), EACCES);
    EXPECT_ERRNO("open /proc/<pid>/task/<tid>/mem", open(fmt("/proc/%ld/task/%ld/mem", pid, tid), O_RDWR), EACCES);
    EXPECT_ERRNO("open /proc/self/task/<tid>/mem", open(fmt("/proc/self/task/%ld/mem", tid, 0), O_WRONLY), EACCES);
    EXPECT_ERRNO("open /proc/self/mem O_PATH", open("/proc/self/mem", O_PATH), EACCES);
    EXPECT_ERRNO("open /proc/self/mem O_CLOEXEC|O_NOFOLLOW", open("/proc/self/mem", O_RDWR | O_CLOEXEC | O_NOFOLLOW), EACCES);
    /* The cwd is a scratch directory: symlinks of our own to it. */
    EXPECT_OK("symlink to /proc/self/mem", symlink("/proc/self/mem", "link-mem"));
    EXPECT_ERRNO("open through a symlink", open("link-mem", O_RDWR), EACCES);
    EXPECT_OK("symlink to /proc/self", symlink("/proc/self", "link-self"));
    EXPECT_ERRNO("open through a symlinked directory", open("link-self/mem", O_RDWR), EACCES);
    EXPECT_OK("symlink chain", symlink("link-mem", "link-link"));
    EXPECT_ERRNO("open through a symlink chain", open("link-link", O_RDONLY), EACCES);
    EXPECT_ERRNO("open /proc/self/cwd/link-mem", open("/proc/self/cwd/link-mem", O_RDWR), EACCES);

    /* openat relative to /proc and /proc/self directory descriptors. */
    int self = open("/proc/self", O_RDONLY | O_DIRECTORY);
    EXPECT_OK("open /proc/self directory", self);
    EXPECT_ERRNO("openat(/proc/self fd, mem)", openat(self, "mem", O_RDWR), EACCES);
    int selfpath = open("/proc/self", O_PATH | O_DIRECTORY);
    EXPECT_ERRNO("openat(/proc/self O_PATH fd, mem)", openat(selfpath, "mem", O_RDONLY), EACCES);
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    EXPECT_ERRNO("openat(/proc fd, self/mem)", openat(proc, "self/mem", O_RDWR), EACCES);
    EXPECT_ERRNO("openat(/proc fd, <pid>/mem)", openat(proc, fmt("%ld/mem", pid, 0), O_RDWR), EACCES);
    int task = open(fmt("/proc/self/task/%ld", tid, 0), O_RDONLY | O_DIRECTORY);
    EXPECT_ERRNO("openat(task dir fd, mem)", openat(task, "mem", O_RDWR), EACCES);
    /* /proc/self/fd/N re-opens: of the /proc/self directory (then mem under it). */
    EXPECT_ERRNO("open /proc/self/fd/<dirfd>/mem", open(fmt("/proc/self/fd/%ld/mem", self, 0), O_RDWR), EACCES);
    EXPECT_ERRNO("open /dev/fd/<dirfd>/mem", open(fmt("/dev/fd/%ld/mem", self, 0), O_RDWR), EACCES);

    /* Other processes: a child and the parent (both engines under WALI). */
    int ready[2];
    if (pipe(ready) != 0) return 2;
    pid_t child = fork();
    if (child == 0) {
        char c;
        read(ready[0], &c, 1);
        int fd = open(fmt("/proc/%ld/mem", getppid(), 0), O_RDWR);
        _exit(fd == -1 && errno == EACCES ? 0 : 1);
    }
    EXPECT_ERRNO("open /proc/<child>/mem", open(fmt("/proc/%ld/mem", child, 0), O_RDWR), EACCES);
    write(ready[1], "x", 1);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE("child: open /proc/<parent>/mem refused", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* Neighbours. */
    char buf[256];
    int fd = open("/proc/self/status", O_RDONLY);
    EXPECT_OK("open /proc/self/status", fd);
    EXPECT_TRUE("read /proc/self/status", read(fd, buf, sizeof buf) > 0 && strncmp(buf, "Name:", 5) == 0);
    EXPECT_OK("openat(/proc/self fd, stat)", openat(self, "stat", O_RDONLY));
    EXPECT_OK("openat(/proc/self fd, cmdline)", openat(self, "cmdline", O_RDONLY));
    struct stat st;
    EXPECT_OK("stat /proc/self/mem (metadata only)", stat("/proc/self/mem", &st));
    EXPECT_TRUE("readlink /proc/self/exe", readlink("/proc/self/exe", buf, sizeof buf) > 0);
    int file = open("plain", O_RDWR | O_CREAT, 0600);
    EXPECT_OK("write a plain file", write(file, "hello", 5));
    int again = open(fmt("/proc/self/fd/%ld", file, 0), O_RDONLY);
    EXPECT_OK("re-open a plain file through /proc/self/fd/N", again);
    memset(buf, 0, sizeof buf);
    EXPECT_TRUE("read it back", pread(again, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    EXPECT_OK("symlink to a plain file", symlink("plain", "link-plain"));
    EXPECT_OK("open through it", open("link-plain", O_RDONLY));
    // The engine remembers mounts it found not to be procfs (so an open there skips fstatfs):
    // after opens on other mounts (the scratch directory, /dev, /tmp), /proc is still looked at.
    for (int i = 0; i < 40; i++) {
        const char *others[] = {"plain", "/dev/null", "/tmp", "."};
        int fd = open(others[i % 4], O_RDONLY);
        if (fd >= 0) close(fd);
    }
    EXPECT_ERRNO("/proc/self/mem after opens on other mounts", open("/proc/self/mem", O_RDONLY), EACCES);
    EXPECT_ERRNO("/proc/self/mem through /proc/self/root after them", open("/proc/self/root/proc/self/mem", O_RDONLY), EACCES);
    return escape_done();
}
