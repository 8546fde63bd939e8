/* The /proc files that give a process's memory or layout (maps, smaps, pagemap, map_files, auxv,
 * syscall, ...) and kernel/physical memory (/proc/kcore, /dev/mem, /dev/kmem, /dev/port) are
 * refused (EACCES) for every process, including through task/ and openat. Files the host lacks
 * must give the kernel's ENOENT. Neighbours: status, stat, statm, comm, fd listing, /dev/null. */
#define _GNU_SOURCE
#include "escape.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void refused(const char *path, int flags) {
    char what[300];
    struct stat st;
    if (stat(path, &st) != 0) {
        int err = errno;
        snprintf(what, sizeof what, "open %s (absent here) gives the kernel's error", path);
        errno = 0;
        long r = open(path, flags);
        escape_report(what, r == -1 && errno == err, r, errno, "the same errno as stat");
        return;
    }
    snprintf(what, sizeof what, "open %s refused", path);
    EXPECT_ERRNO(what, open(path, flags), EACCES);
}

int main(void) {
    const char *files[] = {"maps", "smaps", "smaps_rollup", "numa_maps", "pagemap", "auxv", "syscall", "stack"};
    char path[256];
    long tid = syscall(SYS_gettid);
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "/proc/self/%s", files[i]);
        refused(path, O_RDONLY);
        snprintf(path, sizeof path, "/proc/%d/task/%ld/%s", getpid(), tid, files[i]);
        refused(path, O_RDONLY);
        snprintf(path, sizeof path, "/proc/thread-self/%s", files[i]);
        refused(path, O_RDONLY);
    }
    refused("/proc/self/map_files", O_RDONLY | O_DIRECTORY);
    refused("/proc/self/map_files", O_PATH);
    refused("/proc/kcore", O_RDONLY);
    refused("/proc/kpageflags", O_RDONLY);
    refused("/dev/mem", O_RDWR);
    refused("/dev/kmem", O_RDWR);
    refused("/dev/port", O_RDWR);
    int self = open("/proc/self", O_RDONLY | O_DIRECTORY);
    EXPECT_ERRNO("openat(/proc/self fd, maps)", openat(self, "maps", O_RDONLY), EACCES);
    EXPECT_ERRNO("openat(/proc/self fd, pagemap)", openat(self, "pagemap", O_RDONLY), EACCES);
    EXPECT_ERRNO("openat(/proc/self fd, map_files)", openat(self, "map_files", O_RDONLY | O_DIRECTORY), EACCES);
    EXPECT_OK("symlink to /proc/self/maps", symlink("/proc/self/maps", "link-maps"));
    EXPECT_ERRNO("open through it", open("link-maps", O_RDONLY), EACCES);

    /* Neighbours. */
    const char *allowed[] = {"/proc/self/status", "/proc/self/stat", "/proc/self/statm", "/proc/self/comm",
                             "/proc/self/cmdline", "/proc/meminfo", "/proc/cpuinfo", "/dev/null", "/dev/zero"};
    char buf[64];
    for (unsigned i = 0; i < sizeof allowed / sizeof *allowed; i++) {
        int fd = open(allowed[i], O_RDONLY);
        char what[300];
        snprintf(what, sizeof what, "open and read %s", allowed[i]);
        escape_report(what, fd >= 0 && read(fd, buf, sizeof buf) >= 0, fd, errno, "readable");
        if (fd >= 0) close(fd);
    }
    DIR *d = opendir("/proc/self/fd");
    int entries = 0;
    if (d) {
        while (readdir(d)) entries++;
        closedir(d);
    }
    EXPECT_TRUE("list /proc/self/fd", entries >= 3);
    return escape_done();
}
