// The guest sees exactly its grants: a renamed read-write grant at /work (the scratch
// directory). Every way out (.., symlinks absolute and relative, `..` after a symlink,
// /proc/self/root, a dirfd with ../.., hard links, renames, chdir then relative paths) fails with EACCES; everything inside
// works; the sandbox devices and /proc answers are as SECURITY.md says.
// WALI-ARGS: --dir .::/work
#include "escape.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static int put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    int n = write(fd, text, strlen(text));
    close(fd);
    return n == (int)strlen(text) ? 0 : -1;
}

static int get(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int n = read(fd, buf, size - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return n;
}

int main(void) {
    char buf[256], cwd[256];
    struct stat st;
    int fd, dirfd;

    // The initial cwd is the grant, seen at its guest path.
    EXPECT_TRUE("initial cwd is the guest path /work", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/work") == 0);

    // Inside the grant: files, directories, renames, listing.
    EXPECT_OK("create a file by absolute guest path", put("/work/a.txt", "inside\n"));
    EXPECT_TRUE("read it back by relative path", get("a.txt", buf, sizeof buf) == 7 && strcmp(buf, "inside\n") == 0);
    EXPECT_OK("mkdir inside", mkdir("/work/sub", 0755));
    EXPECT_OK("mkdir nested", mkdir("sub/deeper", 0755));
    EXPECT_OK("rename inside", rename("a.txt", "sub/b.txt"));
    EXPECT_OK("rename back", rename("/work/sub/b.txt", "/work/a.txt"));
    EXPECT_OK("stat inside", stat("/work/a.txt", &st));
    EXPECT_OK("hard link inside", link("/work/a.txt", "/work/sub/hard.txt"));
    EXPECT_OK("unlink inside", unlink("/work/sub/hard.txt"));
    EXPECT_OK("chmod inside", chmod("/work/a.txt", 0600));
    EXPECT_OK("truncate inside", truncate("/work/a.txt", 7));
    DIR *d = opendir("/work");
    int seen = 0;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) seen += strcmp(e->d_name, "a.txt") == 0 || strcmp(e->d_name, "sub") == 0;
        closedir(d);
    }
    EXPECT_TRUE("readdir of the grant lists its entries", seen == 2);

    // Outside every grant: EACCES.
    EXPECT_ERRNO("open a host file outside the grants", open("/etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("stat outside", stat("/etc/passwd", &st), EACCES);
    EXPECT_ERRNO("access outside", access("/etc/passwd", R_OK), EACCES);
    struct statfs sfs;
    EXPECT_ERRNO("statfs outside", statfs("/etc", &sfs), EACCES);
    EXPECT_ERRNO("create outside", open("/tmp/wali-policy-out", O_WRONLY | O_CREAT, 0644), EACCES);
    EXPECT_ERRNO("mkdir outside", mkdir("/tmp/wali-policy-dir", 0755), EACCES);
    EXPECT_ERRNO("chmod outside", chmod("/etc/passwd", 0777), EACCES);
    EXPECT_ERRNO("opendir of / (above the grants)", open("/", O_RDONLY | O_DIRECTORY), EACCES);

    // .. cannot climb out: the guest namespace has nothing above /work but its ancestors.
    EXPECT_ERRNO("absolute .. out", open("/work/../etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("relative .. out", open("../../../../../../etc/passwd", O_RDONLY), EACCES);
    EXPECT_TRUE(".. within the grant still works", get("/work/sub/../a.txt", buf, sizeof buf) == 7);

    // Symlinks pointing out, absolute and relative, to files and directories.
    EXPECT_OK("symlink to an absolute host path", symlink("/etc/passwd", "/work/abs"));
    EXPECT_ERRNO("open through an absolute symlink out", open("/work/abs", O_RDONLY), EACCES);
    EXPECT_ERRNO("stat through an absolute symlink out", stat("/work/abs", &st), EACCES);
    EXPECT_OK("lstat of that symlink itself", lstat("/work/abs", &st));
    EXPECT_TRUE("readlink gives its text", readlink("/work/abs", buf, sizeof buf) == 11);
    EXPECT_OK("symlink climbing out", symlink("../../../../../../../../etc/passwd", "/work/sub/rel"));
    EXPECT_ERRNO("open through a relative symlink out", open("/work/sub/rel", O_RDONLY), EACCES);
    EXPECT_OK("symlink to the host root", symlink("/", "/work/root"));
    EXPECT_ERRNO("open through a directory symlink out", open("/work/root/etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("chdir through a directory symlink out", chdir("/work/root/etc"), EACCES);
    EXPECT_OK("relative symlink inside", symlink("a.txt", "/work/in"));
    EXPECT_TRUE("open through it", get("/work/in", buf, sizeof buf) == 7);
    EXPECT_OK("absolute guest-path symlink inside", symlink("/work/a.txt", "/work/sub/absin"));
    EXPECT_TRUE("open through it (guest paths in link targets)", get("/work/sub/absin", buf, sizeof buf) == 7);
    EXPECT_OK("symlink to a directory inside", symlink("/work/sub", "/work/subl"));
    EXPECT_TRUE("open below it", stat("/work/subl/deeper", &st) == 0 && S_ISDIR(st.st_mode));

    // `..` after a symlink is physical (the parent of the target, as natively: see
    // policy_dotdot.c), so a symlink to a directory near the grant's root plus `..`s climbs to
    // the directories above the grant, and no further.
    EXPECT_OK("symlink to the grant root", symlink("/work", "/work/sub/top"));
    EXPECT_OK("relative symlink to ..", symlink("..", "/work/sub/up"));
    EXPECT_TRUE("subl/../a.txt is /work/a.txt", get("/work/subl/../a.txt", buf, sizeof buf) == 7);
    EXPECT_TRUE("sub/up/a.txt is /work/a.txt", get("/work/sub/up/a.txt", buf, sizeof buf) == 7);
    EXPECT_ERRNO("subl/../../etc/passwd out", open("/work/subl/../../etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("sub/top/../etc/passwd out", open("/work/sub/top/../etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("sub/up/../etc/passwd out", open("sub/up/../etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("sub/up/../../../../etc/passwd out", open("sub/up/../../../../etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("stat of sub/up/.. (above the grant)", stat("/work/sub/up/..", &st), EACCES);
    EXPECT_ERRNO("mkdir through subl/../..", mkdir("/work/subl/../../wali-policy-y", 0755), EACCES);
    EXPECT_ERRNO("create through sub/top/..", open("/work/sub/top/../wali-policy-z", O_WRONLY | O_CREAT, 0644), EACCES);
    EXPECT_TRUE("sub/top/../work/a.txt comes back in", get("/work/sub/top/../work/a.txt", buf, sizeof buf) == 7);
    EXPECT_OK("symlink climbing above the root and back", symlink("../../work/a.txt", "/work/sub/back"));
    EXPECT_TRUE("open through it", get("/work/sub/back", buf, sizeof buf) == 7);
    int linked = open("/work/subl", O_RDONLY | O_DIRECTORY);
    EXPECT_OK("open a directory through a symlink", linked);
    EXPECT_ERRNO("openat(that, ../../etc/passwd) out", openat(linked, "../../etc/passwd", O_RDONLY), EACCES);
    fd = openat(linked, "../a.txt", O_RDONLY);
    EXPECT_OK("openat(that, ../a.txt) inside", fd);
    if (fd >= 0) close(fd);
    if (linked >= 0) close(linked);

    // /proc/self/root and friends are not there.
    EXPECT_ERRNO("/proc/self/root", open("/proc/self/root/etc/passwd", O_RDONLY), EACCES);
    EXPECT_ERRNO("/proc/self/cwd", open("/proc/self/cwd/a.txt", O_RDONLY), EACCES);
    EXPECT_ERRNO("/proc/self/fd", open("/proc/self/fd/0", O_RDONLY), EACCES);
    EXPECT_ERRNO("/proc/self/maps", open("/proc/self/maps", O_RDONLY), EACCES);
    EXPECT_ERRNO("/proc/self/exe when the module is outside the grants", readlink("/proc/self/exe", buf, sizeof buf), EACCES);
    EXPECT_TRUE("/proc/cpuinfo is readable", get("/proc/cpuinfo", buf, sizeof buf) > 0);
    EXPECT_TRUE("/proc/meminfo is readable", get("/proc/meminfo", buf, sizeof buf) > 0 && strncmp(buf, "MemTotal", 8) == 0);
    EXPECT_ERRNO("/proc/meminfo is not writable", open("/proc/meminfo", O_WRONLY), EACCES);

    // openat from a granted directory fd: .. moves within the grant, never out.
    dirfd = open("/work/sub", O_RDONLY | O_DIRECTORY);
    EXPECT_OK("open a granted directory", dirfd);
    EXPECT_ERRNO("openat(dirfd, ../../..) out", openat(dirfd, "../../../../etc/passwd", O_RDONLY), EACCES);
    fd = openat(dirfd, "../a.txt", O_RDONLY);
    EXPECT_OK("openat(dirfd, ../a.txt) inside", fd);
    if (fd >= 0) close(fd);
    EXPECT_ERRNO("mkdirat(dirfd, ../..) out", mkdirat(dirfd, "../../wali-policy-x", 0755), EACCES);

    // Hard links and renames across the boundary.
    EXPECT_ERRNO("hard link out", link("/work/a.txt", "/tmp/wali-policy-link"), EACCES);
    EXPECT_ERRNO("hard link in", link("/etc/passwd", "/work/passwd"), EACCES);
    EXPECT_ERRNO("hard link in through a symlink (AT_SYMLINK_FOLLOW)", linkat(AT_FDCWD, "/work/abs", AT_FDCWD, "/work/p2", AT_SYMLINK_FOLLOW), EACCES);
    EXPECT_ERRNO("rename out", rename("/work/a.txt", "/tmp/wali-policy-a"), EACCES);
    EXPECT_ERRNO("rename in", rename("/etc/hostname", "/work/hostname"), EACCES);
    EXPECT_ERRNO("rename the grant root", rename("/work", "/work/x"), EBUSY);
    EXPECT_ERRNO("rmdir the grant root", rmdir("/work"), EBUSY);

    // chdir then relative paths.
    EXPECT_OK("chdir into a subdirectory", chdir("/work/sub"));
    EXPECT_TRUE("getcwd is the guest path", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/work/sub") == 0);
    EXPECT_ERRNO("relative path out after chdir", open("../../etc/passwd", O_RDONLY), EACCES);
    EXPECT_TRUE("relative path inside after chdir", get("../a.txt", buf, sizeof buf) == 7);
    EXPECT_ERRNO("chdir out", chdir("/etc"), EACCES);
    EXPECT_OK("chdir to / (above the grants)", chdir("/"));
    EXPECT_TRUE("getcwd is /", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0);
    EXPECT_ERRNO("relative path outside from /", open("etc/passwd", O_RDONLY), EACCES);
    EXPECT_TRUE("relative path into the grant from /", get("work/a.txt", buf, sizeof buf) == 7);
    EXPECT_OK("fchdir to a granted directory fd", fchdir(dirfd));
    EXPECT_TRUE("getcwd after fchdir", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/work/sub") == 0);
    close(dirfd);
    EXPECT_ERRNO("chroot", chroot("/work"), EPERM);

    // The sandbox devices.
    fd = open("/dev/null", O_WRONLY);
    EXPECT_TRUE("/dev/null takes writes", fd >= 0 && write(fd, "x", 1) == 1);
    if (fd >= 0) close(fd);
    fd = open("/dev/zero", O_RDONLY);
    EXPECT_TRUE("/dev/zero reads zeros", fd >= 0 && read(fd, buf, 4) == 4 && buf[0] == 0 && buf[3] == 0);
    if (fd >= 0) close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    EXPECT_TRUE("/dev/urandom reads", fd >= 0 && read(fd, buf, 16) == 16);
    if (fd >= 0) close(fd);
    fd = open("/dev/random", O_RDONLY);
    EXPECT_TRUE("/dev/random reads", fd >= 0 && read(fd, buf, 16) == 16);
    if (fd >= 0) close(fd);
    EXPECT_ERRNO("other devices are not there", open("/dev/mem", O_RDONLY), EACCES);
    EXPECT_ERRNO("/dev/shm is not there", open("/dev/shm", O_RDONLY | O_DIRECTORY), EACCES);
    EXPECT_ERRNO("devices cannot be removed", unlink("/dev/null"), EACCES);
    return escape_done();
}
