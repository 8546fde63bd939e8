// Inside a grant, paths resolve as the kernel resolves them natively: `..` after a symlink is the
// parent of the symlink's target (physical), relative and absolute symlinks, `.`, trailing
// slashes, a file or a missing name before `..`, loops, dirfds opened through a symlink, `..` from
// the grant's root back into it, and the create/remove/rename calls on such paths. Every line is
// compared with the same program run natively (NATIVE-DIFF); climbing out of the grant this way is
// tests/escape/policy_paths.c.
// WALI-ARGS: --dir {scratch}
// NATIVE-DIFF: yes
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "escape.h"

static void result(const char *what, long r) {
    if (r < 0) printf("ok %s: errno %d\n", what, errno); /* numbers: the two C libraries word them differently */
    else printf("ok %s: %ld\n", what, r);
    escape_checks++;
}

/* The first bytes of a file, or the errno. */
static void contents(const char *what, int dirfd, const char *path) {
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) { result(what, -1); return; }
    char buf[16] = {0};
    long n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("ok %s: %ld \"%s\"\n", what, n, n > 0 ? buf : "");
    escape_checks++;
}

static ino_t inode(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* Which directory a path reaches, by inode, among the tree's directories. */
static void which(const char *what, const char *path, int follow) {
    static const char *dirs[] = {".", "a", "a/b", "a/b/c", "x", "x/y"};
    struct stat st;
    errno = 0;
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) { result(what, -1); return; }
    const char *name = S_ISLNK(st.st_mode) ? "a symlink" : S_ISREG(st.st_mode) ? "a file" : "another directory";
    for (unsigned i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (S_ISDIR(st.st_mode) && st.st_ino == inode(dirs[i])) name = dirs[i];
    printf("ok %s: %s\n", what, name);
    escape_checks++;
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) { write(fd, text, strlen(text)); close(fd); }
}

int main(void) {
    char top[PATH_MAX], abs_target[PATH_MAX + 16];
    if (!getcwd(top, sizeof top)) return 2;
    mkdir("a", 0755); mkdir("a/b", 0755); mkdir("a/b/c", 0755); mkdir("x", 0755); mkdir("x/y", 0755);
    put("f.txt", "top"); put("a/f.txt", "a"); put("a/b/f.txt", "ab"); put("a/b/c/f.txt", "abc"); put("x/g.txt", "xyz");
    symlink("a/b/c", "lc");                    /* lc -> a/b/c */
    symlink("../x/y", "a/lx");                 /* a/lx -> x/y */
    snprintf(abs_target, sizeof abs_target, "%s/a/b/c", top);
    symlink(abs_target, "labs");               /* labs -> <grant>/a/b/c (absolute) */
    symlink("lc/..", "ldd");                   /* ldd -> lc/.. -> a/b */
    symlink("loop2", "loop1"); symlink("loop1", "loop2");
    symlink("missing", "dangling");

    contents("open lc/../f.txt", AT_FDCWD, "lc/../f.txt");
    contents("open lc/../../f.txt", AT_FDCWD, "lc/../../f.txt");
    contents("open a/lx/../g.txt", AT_FDCWD, "a/lx/../g.txt");
    contents("open labs/../f.txt (absolute symlink)", AT_FDCWD, "labs/../f.txt");
    contents("open labs/../../../f.txt", AT_FDCWD, "labs/../../../f.txt");
    contents("open ldd/f.txt (symlink to lc/..)", AT_FDCWD, "ldd/f.txt");
    contents("open lc/./../c/f.txt", AT_FDCWD, "lc/./../c/f.txt");
    contents("open a/b/c/../../f.txt", AT_FDCWD, "a/b/c/../../f.txt");
    contents("open f.txt/../f.txt (file before ..)", AT_FDCWD, "f.txt/../f.txt");
    contents("open nothing/../f.txt (missing before ..)", AT_FDCWD, "nothing/../f.txt");
    contents("open dangling/../f.txt", AT_FDCWD, "dangling/../f.txt");
    contents("open f.txt/", AT_FDCWD, "f.txt/");
    contents("open f.txt/.", AT_FDCWD, "f.txt/.");
    contents("open loop1", AT_FDCWD, "loop1");
    contents("open loop1/../f.txt", AT_FDCWD, "loop1/../f.txt");

    which("stat lc/..", "lc/..", 1);
    which("stat lc/../..", "lc/../..", 1);
    which("stat a/lx/..", "a/lx/..", 1);
    which("stat labs/..", "labs/..", 1);
    which("stat lc/", "lc/", 0);
    which("lstat lc", "lc", 0);
    which("stat lc/.", "lc/.", 0);
    which("lstat ldd", "ldd", 0);
    which("stat ldd", "ldd", 1);
    which("stat dangling", "dangling", 1);
    EXPECT_TRUE("the tree is there", access("a/b/c/f.txt", R_OK) == 0);
    result("access lc/../c/f.txt", access("lc/../c/f.txt", R_OK));
    result("access labs/../../f.txt", access("labs/../../f.txt", R_OK));
    char text[64] = {0};
    result("readlink ldd", readlink("ldd", text, sizeof text - 1));
    printf("ok readlink ldd text: %s\n", text);
    memset(text, 0, sizeof text);
    result("readlink lc/../../lc", readlink("lc/../../lc", text, sizeof text - 1));

    /* .. from the grant's root goes up and back in (the grant is a mount of the directory). */
    const char *base = strrchr(top, '/') + 1;
    char back[PATH_MAX + 8];
    snprintf(back, sizeof back, "../%s/f.txt", base);
    contents("open ../<grant>/f.txt", AT_FDCWD, back);
    snprintf(back, sizeof back, "lc/../../../../%s/a/f.txt", base);
    contents("open lc/../../../../<grant>/a/f.txt", AT_FDCWD, back);

    /* Names created, removed and renamed through such paths. */
    result("mkdir lc/../made", mkdir("lc/../made", 0755));
    which("stat a/b/made", "a/b/made", 1);
    result("mkdir lc/../made again", mkdir("lc/../made", 0755));
    result("rmdir lc/../made/", rmdir("lc/../made/"));
    result("mkdir a/b/.", mkdir("a/b/.", 0755));
    result("mkdir lc/..", mkdir("lc/..", 0755));
    result("rmdir lc/..", rmdir("lc/.."));
    result("rmdir lc/.", rmdir("lc/."));
    result("unlink a/.", unlink("a/."));
    result("unlink f.txt/", unlink("f.txt/"));
    result("rename lc/../f.txt", rename("lc/../f.txt", "a/lx/../moved.txt"));
    contents("open x/moved.txt", AT_FDCWD, "x/moved.txt");
    result("rename back", rename("x/moved.txt", "ldd/f.txt"));
    contents("open a/b/f.txt", AT_FDCWD, "a/b/f.txt");
    result("link lc/../f.txt", link("lc/../f.txt", "labs/../linked.txt"));
    contents("open a/b/linked.txt", AT_FDCWD, "a/b/linked.txt");
    result("unlink lc/../linked.txt", unlink("lc/../linked.txt"));
    result("symlink in lc/..", symlink("f.txt", "lc/../sl"));
    contents("open a/b/sl", AT_FDCWD, "a/b/sl");
    result("unlink labs/../sl", unlink("labs/../sl"));
    int fd = open("lc/../new.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
    result("create lc/../new.txt", fd < 0 ? -1 : 0);
    if (fd >= 0) close(fd);
    which("stat a/b/new.txt", "a/b/new.txt", 1);
    result("unlink a/b/new.txt", unlink("a/b/new.txt"));

    /* A dirfd opened through a symlink is the target directory. */
    int dir = open("lc", O_RDONLY | O_DIRECTORY);
    result("open lc as a directory", dir < 0 ? -1 : 0);
    contents("openat(lc, ../f.txt)", dir, "../f.txt");
    contents("openat(lc, ../../lc/f.txt)", dir, "../../lc/f.txt");
    struct stat st;
    result("fstatat(lc, ..)", fstatat(dir, "..", &st, 0));
    printf("ok fstatat(lc, ..) is a/b: %d\n", st.st_ino == inode("a/b"));
    result("mkdirat(lc, ../m2)", mkdirat(dir, "../m2", 0755));
    result("unlinkat(lc, ../m2)", unlinkat(dir, "../m2", AT_REMOVEDIR));
    close(dir);

    /* chdir through a symlink, then `..`. */
    result("chdir lc", chdir("lc"));
    contents("open ../f.txt after chdir", AT_FDCWD, "../f.txt");
    result("chdir ..", chdir(".."));
    char cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    printf("ok cwd is <grant>/a/b: %d\n", strlen(cwd) == strlen(top) + 4 && !strncmp(cwd, top, strlen(top)) && !strcmp(cwd + strlen(top), "/a/b"));
    result("chdir ../../ldd/..", chdir("../../ldd/.."));
    getcwd(cwd, sizeof cwd);
    printf("ok cwd is <grant>/a: %d\n", !strcmp(cwd + strlen(top), "/a"));
    return escape_done();
}
