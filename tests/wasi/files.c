/* Files and directories in a preopen (`--dir HOST::/sandbox`): create, write, read, seek,
 * pread/pwrite, truncate, stat, times, rename, links, symlinks, mkdir/rmdir, readdir. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s: %s\n", dir, errname(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n], "%s:%c", e->d_name, type);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void) {
    SHOW("mkdir /sandbox/work", mkdir("/sandbox/work", 0755));
    SHOW("mkdir again", mkdir("/sandbox/work", 0755));
    int fd = open("/sandbox/work/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    SHOW("open a.txt", fd);
    SHOW("write", write(fd, "hello, wasi world\n", 18));
    char buf[64] = {0};
    printf("lseek end = %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set 7 = %ld\n", (long)lseek(fd, 7, SEEK_SET));
    printf("read = %ld '%.4s'\n", (long)read(fd, buf, 4), buf);
    printf("tell = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("pwrite = %ld\n", (long)pwrite(fd, "WASI", 4, 7));
    memset(buf, 0, sizeof buf);
    printf("pread = %ld '%s'", (long)pread(fd, buf, sizeof buf - 1, 0), buf);
    printf("tell after pread/pwrite = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    struct iovec iov[2] = {{"ab", 2}, {"cd\n", 3}};
    lseek(fd, 0, SEEK_END);
    printf("writev = %ld\n", (long)writev(fd, iov, 2));
    struct stat st;
    SHOW("fstat", fstat(fd, &st));
    printf("size=%lld regular=%d nlink=%ld\n", (long long)st.st_size, S_ISREG(st.st_mode), (long)st.st_nlink);
    SHOW("ftruncate 5", ftruncate(fd, 5));
    fstat(fd, &st);
    printf("size after truncate=%lld\n", (long long)st.st_size);
    SHOW("fsync", fsync(fd));
    SHOW("fdatasync", fdatasync(fd));
    SHOW("posix_fallocate 100", posix_fallocate(fd, 0, 100) == 0 ? 0 : -1);
    fstat(fd, &st);
    printf("size after fallocate=%lld\n", (long long)st.st_size);
    SHOW("close", close(fd));
    SHOW("close again", close(fd));

    /* Times: set an exact mtime, read it back. */
    struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
    SHOW("utimensat", utimensat(AT_FDCWD, "/sandbox/work/a.txt", times, 0));
    stat("/sandbox/work/a.txt", &st);
    printf("mtime=%lld.%09ld atime=%lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_atim.tv_sec);

    /* Renames, hard links, symlinks. */
    SHOW("rename a->b", rename("/sandbox/work/a.txt", "/sandbox/work/b.txt"));
    SHOW("stat old name", stat("/sandbox/work/a.txt", &st));
    SHOW("link b->c", link("/sandbox/work/b.txt", "/sandbox/work/c.txt"));
    stat("/sandbox/work/b.txt", &st);
    printf("nlink after link=%ld\n", (long)st.st_nlink);
    SHOW("symlink l->b.txt", symlink("b.txt", "/sandbox/work/l"));
    char target[64] = {0};
    printf("readlink = %ld '%s'\n", (long)readlink("/sandbox/work/l", target, sizeof target - 1), target);
    SHOW("lstat l", lstat("/sandbox/work/l", &st));
    printf("l is symlink=%d\n", S_ISLNK(st.st_mode));
    SHOW("stat l (follows)", stat("/sandbox/work/l", &st));
    printf("through l: regular=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
    fd = open("/sandbox/work/l", O_RDONLY | O_NOFOLLOW);
    printf("open l O_NOFOLLOW: %s\n", fd < 0 ? errname(errno) : "opened");
    SHOW("mkdir sub", mkdir("/sandbox/work/sub", 0755));
    SHOW("mkdir sub/deeper", mkdir("/sandbox/work/sub/deeper", 0755));
    list("/sandbox/work");
    SHOW("rmdir non-empty", rmdir("/sandbox/work/sub"));
    SHOW("unlink a directory", unlink("/sandbox/work/sub"));
    SHOW("rmdir a file", rmdir("/sandbox/work/b.txt"));
    SHOW("rmdir deeper", rmdir("/sandbox/work/sub/deeper"));
    SHOW("rmdir sub", rmdir("/sandbox/work/sub"));
    SHOW("open missing", open("/sandbox/work/missing", O_RDONLY));
    SHOW("open O_EXCL existing", open("/sandbox/work/b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    SHOW("open file as dir", open("/sandbox/work/b.txt/", O_RDONLY));
    SHOW("opendir a file", opendir("/sandbox/work/b.txt") ? 0 : -1);
    /* Many entries: readdir must page through fd_readdir's buffer. */
    mkdir("/sandbox/many", 0755);
    char name[64];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "/sandbox/many/entry-with-a-long-name-%02d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    DIR *d = opendir("/sandbox/many");
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') count++;
    closedir(d);
    printf("entries in many: %d\n", count);
    /* Relative paths resolve against the cwd, which is the root of the preopens. */
    chdir("/sandbox/work");
    SHOW("stat relative b.txt", stat("b.txt", &st));
    SHOW("unlink b", unlink("/sandbox/work/b.txt"));
    SHOW("unlink c", unlink("/sandbox/work/c.txt"));
    SHOW("unlink l", unlink("/sandbox/work/l"));
    list("/sandbox/work");
    return 0;
}
