// opendir/readdir/scandir/nftw/glob/mkdir/rmdir in the scratch cwd; listings are sorted.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <unistd.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s failed errno %d\n", path, errno); return; }
    char *names[256]; int n = 0; struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        char *s = malloc(strlen(e->d_name) + 3);
        sprintf(s, "%s:%c", e->d_name, t);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

static char *seen[256]; static int nseen;
static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    char *s = malloc(strlen(path) + 32);
    sprintf(s, "%s %s level %d size %ld", path, flag == FTW_F ? "F" : flag == FTW_DP ? "DP" : flag == FTW_SL ? "SL" : flag == FTW_D ? "D" : "?",
            ftw->level, flag == FTW_F ? (long)st->st_size : 0L);
    seen[nseen++] = s;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int only_txt(const struct dirent *e) { size_t n = strlen(e->d_name); return n > 4 && !strcmp(e->d_name + n - 4, ".txt"); }

int main(void) {
    int rc = mkdir("top", 0755);
    printf("mkdir %d\n", rc);
    errno = 0;
    rc = mkdir("top", 0755);
    printf("mkdir again %d EEXIST %d\n", rc, errno == EEXIST);
    errno = 0;
    rc = mkdir("missing/child", 0755);
    printf("mkdir in missing %d ENOENT %d\n", rc, errno == ENOENT);
    mkdir("top/a", 0755);
    mkdir("top/b", 0700);
    mkdir("top/a/deep", 0755);
    const char *files[] = {"top/one.txt", "top/two.txt", "top/a/three.txt", "top/a/deep/four.dat", "top/b/five.txt", "top/zeta.c"};
    for (int i = 0; i < 6; i++) {
        FILE *f = fopen(files[i], "w");
        for (int k = 0; k <= i; k++) fputs("data\n", f);
        fclose(f);
    }
    symlink("one.txt", "top/link");
    list("top");
    list("top/a");
    list("top/a/deep");

    // scandir with a filter, alphasort
    struct dirent **ents;
    int n = scandir("top", &ents, only_txt, alphasort);
    printf("scandir %d:", n);
    for (int i = 0; i < n; i++) { printf(" %s", ents[i]->d_name); free(ents[i]); }
    printf("\n");
    free(ents);

    // telldir/seekdir/rewinddir, dirfd, fdopendir
    DIR *d = opendir("top");
    int count = 0;
    while (readdir(d)) count++;
    rewinddir(d);
    int again = 0;
    while (readdir(d)) again++;
    printf("entries %d, after rewinddir %d, dirfd valid %d\n", count, again, dirfd(d) >= 0);
    rewinddir(d);
    readdir(d);
    long pos = telldir(d);
    struct dirent *e = readdir(d);
    char name1[256];
    strcpy(name1, e->d_name);
    readdir(d);
    seekdir(d, pos);
    e = readdir(d);
    printf("seekdir returns same entry %d\n", strcmp(name1, e->d_name) == 0);
    closedir(d);
    int fd = open("top/a", O_RDONLY | O_DIRECTORY);
    d = fdopendir(fd);
    count = 0;
    while (readdir(d)) count++;
    printf("fdopendir entries %d\n", count);
    closedir(d);
    errno = 0;
    rc = opendir("nothere") == NULL;
    printf("opendir missing %d ENOENT %d\n", rc, errno == ENOENT);
    errno = 0;
    DIR *nd = opendir("top/one.txt");
    printf("opendir file %d ENOTDIR %d\n", nd == NULL, errno == ENOTDIR);

    // glob
    glob_t g;
    rc = glob("top/*.txt", 0, NULL, &g);
    printf("glob %d:", rc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf("\n");
    globfree(&g);
    rc = glob("top/*/*.txt", 0, NULL, &g);
    printf("glob2 %d:", rc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf("\n");
    globfree(&g);
    printf("glob nomatch %d\n", glob("top/*.none", 0, NULL, &g) == GLOB_NOMATCH);

    // chdir/getcwd
    char cwd[4096], cwd2[4096];
    getcwd(cwd, sizeof cwd);
    chdir("top/a");
    getcwd(cwd2, sizeof cwd2);
    printf("getcwd after chdir ends with /top/a %d\n", strlen(cwd2) == strlen(cwd) + 6 && !strcmp(cwd2 + strlen(cwd), "/top/a"));
    chdir("../..");
    getcwd(cwd2, sizeof cwd2);
    printf("back %d\n", !strcmp(cwd, cwd2));

    // rmdir errors, then nftw depth-first removal
    errno = 0;
    rc = rmdir("top");
    printf("rmdir non-empty %d ENOTEMPTY %d\n", rc, errno == ENOTEMPTY || errno == EEXIST);
    errno = 0;
    rc = rmdir("top/one.txt");
    printf("rmdir file %d ENOTDIR %d\n", rc, errno == ENOTDIR);
    rc = nftw("top", visit, 8, FTW_DEPTH | FTW_PHYS);
    qsort(seen, nseen, sizeof *seen, cmp);
    printf("nftw %d visited %d\n", rc, nseen);
    for (int i = 0; i < nseen; i++) printf("  %s\n", seen[i]);
    printf("top gone %d\n", access("top", F_OK) != 0);
    return 0;
}
