/* Directories: getcwd, chdir/fchdir, mkdir/mkdirat, rmdir, unlink/unlinkat, rename/renameat2,
 * link/linkat, symlink/symlinkat, getdents64 (and its alias getdents), chroot errors. */
#include "wali_test.h"

#ifdef __wasm__
__attribute__((import_module("wali"), import_name("SYS_getdents"))) long __wali_getdents(int, void *, int);
static long k_getdents_alias(int fd, void *b, int n) { return __wali_getdents(fd, b, n); }
#else
static long k_getdents_alias(int fd, void *b, int n) { return sys_getdents64(fd, b, n); }
#endif

struct k_dirent64 { uint64_t d_ino; int64_t d_off; uint16_t d_reclen; uint8_t d_type; char d_name[]; };
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2

static char dbuf[4096] __attribute__((aligned(8)));

static void make(const char *name, const char *text) {
    long fd = sys_open(name, K_O_CREAT | K_O_WRONLY | K_O_TRUNC, 0644);
    sys_write(fd, (void *)text, t_strlen(text));
    sys_close(fd);
}
static int contents(const char *name, const char *text) {
    char b[32];
    long fd = sys_open(name, K_O_RDONLY, 0);
    if (fd < 0) return 0;
    long n = sys_read(fd, b, sizeof b);
    sys_close(fd);
    return n == (long)t_strlen(text) && !t_memcmp(b, text, (size_t)n);
}
static int ends_with(const char *s, const char *suffix) {
    size_t a = t_strlen(s), b = t_strlen(suffix);
    return a >= b && t_streq(s + a - b, suffix);
}

/* Lists a directory: entries are reported sorted by name, with their types. */
static void list(const char *label, long (*getdents)(int, void *, int), const char *path, int bufsize) {
    long fd = sys_open(path, K_O_RDONLY | K_O_DIRECTORY, 0);
    const char *names[16]; int types[16]; int count = 0;
    static char store[16][32];
    long n;
    while ((n = getdents(fd, dbuf, bufsize)) > 0) {
        for (long off = 0; off < n;) {
            struct k_dirent64 *e = (struct k_dirent64 *)(dbuf + off);
            if (count < 16) {
                size_t len = t_strlen(e->d_name);
                if (len > 31) len = 31;
                t_memcpy(store[count], e->d_name, len); store[count][len] = 0;
                names[count] = store[count]; types[count] = e->d_type; count++;
            }
            off += e->d_reclen;
        }
    }
    report(label, n);
    for (int i = 0; i < count; i++)         /* selection sort, by name */
        for (int j = i + 1; j < count; j++) {
            int k = 0; while (names[i][k] && names[i][k] == names[j][k]) k++;
            if ((unsigned char)names[j][k] < (unsigned char)names[i][k]) {
                const char *tn = names[i]; names[i] = names[j]; names[j] = tn;
                int tt = types[i]; types[i] = types[j]; types[j] = tt;
            }
        }
    for (int i = 0; i < count; i++) { out("  "); out(names[i]); out(" "); out_int(types[i]); out("\n"); }
    sys_close(fd);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    char cwd[512], cwd2[512];
    struct k_stat st;

    long n = sys_getcwd(cwd, sizeof cwd);
    check("getcwd length", n > 1 && n == (long)t_strlen(cwd) + 1 && cwd[0] == '/');
    report("getcwd too small", sys_getcwd(cwd2, 1));
    report("getcwd zero", sys_getcwd(0, 0));
    report("getcwd bad buffer", sys_getcwd(BAD_PTR, 256));

    report("mkdir", sys_mkdir("d", 0755));
    sys_stat("d", &st);
    report("mkdir mode", st.st_mode);
    report("mkdir exists", sys_mkdir("d", 0755));
    report("mkdir missing parent", sys_mkdir("nx/d", 0755));
    report("mkdir bad path", sys_mkdir(BAD_PTR, 0755));
    make("file", "data");
    report("mkdir under file", sys_mkdir("file/d", 0755));

    report("chdir", sys_chdir("d"));
    sys_getcwd(cwd2, sizeof cwd2);
    check("getcwd after chdir", ends_with(cwd2, "/d"));
    make("a", "A");
    make("b", "B");
    report("chdir parent", sys_chdir(".."));
    sys_getcwd(cwd2, sizeof cwd2);
    check("back at start", t_streq(cwd, cwd2));
    report("chdir missing", sys_chdir("nx"));
    report("chdir file", sys_chdir("file"));
    report("chdir bad path", sys_chdir(BAD_PTR));
    long dfd = sys_open("d", K_O_RDONLY | K_O_DIRECTORY, 0);
    report("fchdir", sys_fchdir(dfd));
    report("fchdir sees a", contents("a", "A"));
    long top = sys_open("..", K_O_RDONLY | K_O_DIRECTORY, 0);
    report("fchdir back", sys_fchdir(top));
    long ffd = sys_open("file", K_O_RDONLY, 0);
    report("fchdir file", sys_fchdir(ffd));
    report("fchdir bad fd", sys_fchdir(99));

    report("mkdirat", sys_mkdirat(dfd, "sub", 0700));
    report("mkdirat bad dirfd", sys_mkdirat(99, "sub", 0700));
    report("mkdirat file dirfd", sys_mkdirat(ffd, "sub", 0700));
    report("symlinkat", sys_symlinkat("a", dfd, "ln"));
    list("getdents64 end", sys_getdents64, "d", sizeof dbuf);
    list("getdents64 small buffer end", sys_getdents64, "d", 40);
    list("getdents alias end", k_getdents_alias, "d", sizeof dbuf);
    report("getdents64 tiny buffer", sys_getdents64(dfd, dbuf, 10));
    report("getdents64 bad buffer", sys_getdents64(dfd, BAD_PTR, 512));
    report("getdents64 file", sys_getdents64(ffd, dbuf, sizeof dbuf));
    report("getdents64 bad fd", sys_getdents64(99, dbuf, sizeof dbuf));

    /* rename */
    report("rename", sys_rename("d/a", "d/c"));
    report("rename moved", contents("d/c", "A") && sys_access("d/a", K_F_OK) == -K_ENOENT);
    report("rename missing", sys_rename("d/nx", "d/y"));
    report("rename bad old", sys_rename(BAD_PTR, "d/y"));
    report("rename bad new", sys_rename("d/c", BAD_PTR));
    report("rename dir over file", sys_rename("d/sub", "d/b"));
    report("rename into itself", sys_rename("d", "d/sub/x"));
    report("renameat2 noreplace", sys_renameat2(dfd, "c", dfd, "b", RENAME_NOREPLACE));
    report("renameat2 exchange", sys_renameat2(dfd, "c", K_AT_FDCWD, "d/b", RENAME_EXCHANGE));
    report("exchanged", contents("d/c", "B") && contents("d/b", "A"));
    report("renameat2 bad flags", sys_renameat2(dfd, "c", dfd, "b", RENAME_NOREPLACE | RENAME_EXCHANGE));
    report("renameat2 plain", sys_renameat2(dfd, "c", top, "moved", 0));
    report("renameat2 moved", contents("moved", "B"));
    report("renameat2 bad dirfd", sys_renameat2(99, "b", dfd, "x", 0));

    /* links */
    report("link", sys_link("file", "hard"));
    sys_stat("file", &st);
    report("link count", (long)st.st_nlink);
    report("link exists", sys_link("file", "hard"));
    report("link missing", sys_link("nx", "hard2"));
    report("link dir", sys_link("d", "dlink"));
    report("linkat", sys_linkat(K_AT_FDCWD, "file", dfd, "hard3", 0));
    report("linkat bad flags", sys_linkat(K_AT_FDCWD, "file", dfd, "hard4", 0x1));
    sys_symlinkat("b", dfd, "ln2");
    report("linkat follow dangling", sys_linkat(dfd, "ln", dfd, "hard6", 0x400));
    report("linkat follow", sys_linkat(dfd, "ln2", dfd, "hard5", 0x400 /* AT_SYMLINK_FOLLOW */));
    report("linkat followed", contents("d/hard5", "A") ? 1 : contents("d/hard5", "B") ? 2 : 0);
    report("symlink", sys_symlink("file", "soft"));
    report("symlink reads", contents("soft", "data"));
    report("symlink exists", sys_symlink("file", "soft"));
    report("symlink bad target", sys_symlink(BAD_PTR, "soft2"));
    report("symlink empty target", sys_symlink("", "soft2"));
    report("symlinkat bad dirfd", sys_symlinkat("x", 99, "soft3"));

    /* removal */
    report("unlink", sys_unlink("soft"));
    report("unlink again", sys_unlink("soft"));
    report("unlink dir", sys_unlink("d"));
    report("unlink bad path", sys_unlink(BAD_PTR));
    report("unlinkat", sys_unlinkat(dfd, "hard3", 0));
    report("unlinkat dir without flag", sys_unlinkat(dfd, "sub", 0));
    report("unlinkat removedir", sys_unlinkat(dfd, "sub", K_AT_REMOVEDIR));
    report("unlinkat removedir file", sys_unlinkat(dfd, "b", K_AT_REMOVEDIR));
    report("unlinkat bad flags", sys_unlinkat(dfd, "b", 0x1));
    report("rmdir not empty", sys_rmdir("d"));
    report("rmdir file", sys_rmdir("file"));
    report("rmdir dot", sys_rmdir("d/."));
    report("rmdir missing", sys_rmdir("nx"));
    sys_mkdir("e", 0755);
    report("rmdir", sys_rmdir("e"));
    report("rmdir gone", sys_access("e", K_F_OK));
    list("listing end", sys_getdents64, ".", sizeof dbuf);

    /* chroot: only failures, a success would change the root for the rest of the run */
    report("chroot missing", sys_chroot("nx"));
    report("chroot file", sys_chroot("file"));
    report("chroot bad path", sys_chroot(BAD_PTR));
    return t_failures;
}
