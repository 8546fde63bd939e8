// stdio files and file-level libc calls, in the scratch cwd.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static long fsize(const char *path) { struct stat st; return stat(path, &st) ? -1 : (long)st.st_size; }

int main(void) {
    FILE *f = fopen("a.txt", "w");
    printf("fopen w %d\n", f != NULL);
    for (int i = 0; i < 1000; i++) fprintf(f, "line %04d\n", i);
    printf("ftell after writes %ld\n", ftell(f));
    int rc = fclose(f);
    printf("fclose %d size %ld\n", rc, fsize("a.txt"));

    f = fopen("a.txt", "r");
    char buf[64];
    fgets(buf, sizeof buf, f);
    printf("first '%.9s' ftell %ld\n", buf, ftell(f));
    fseek(f, 500 * 10, SEEK_SET);
    fgets(buf, sizeof buf, f);
    printf("seek 5000 '%.9s'\n", buf);
    fseek(f, -10, SEEK_END);
    fgets(buf, sizeof buf, f);
    printf("seek end-10 '%.9s' ftell %ld\n", buf, ftell(f));
    rc = fgets(buf, sizeof buf, f) == NULL;
    printf("fgets at eof %d feof %d\n", rc, feof(f) != 0);
    rewind(f);
    printf("rewind feof %d ftell %ld\n", feof(f) != 0, ftell(f));
    fpos_t pos;
    fseek(f, 30, SEEK_SET);
    fgetpos(f, &pos);
    fseek(f, 0, SEEK_END);
    fsetpos(f, &pos);
    printf("fsetpos -> %ld\n", ftell(f));
    size_t n = fread(buf, 1, 20, f);
    printf("fread %zu '%.9s'\n", n, buf);
    int c = fgetc(f);
    ungetc('X', f);
    int c2 = fgetc(f);
    printf("ungetc %c then fgetc %c\n", c, c2);
    char *line = NULL; size_t cap = 0; ssize_t len; int lines = 0;
    rewind(f);
    while ((len = getline(&line, &cap, f)) > 0) lines++;
    printf("getline lines %d\n", lines);
    free(line);
    fclose(f);

    // binary data, r+ / w+ / a
    f = fopen("b.bin", "w+");
    unsigned char data[4096];
    for (int i = 0; i < 4096; i++) data[i] = (unsigned char)(i * 7);
    printf("fwrite %zu\n", fwrite(data, 1, sizeof data, f));
    fflush(f);
    fseek(f, 1000, SEEK_SET);
    unsigned char back[100];
    n = fread(back, 1, 100, f);
    printf("fread %zu match %d\n", n, memcmp(back, data + 1000, 100) == 0);
    fclose(f);
    f = fopen("b.bin", "r+");
    fseek(f, 10, SEEK_SET);
    fputs("PATCH", f);
    fseek(f, 8, SEEK_SET);
    int b0 = fgetc(f), b1 = fgetc(f), b2 = fgetc(f), b3 = fgetc(f);
    printf("r+ read after write: %02x %02x %c%c\n", b0, b1, b2, b3);
    fclose(f);
    f = fopen("b.bin", "a");
    fputs("tail", f);
    printf("append ftell %ld\n", ftell(f));
    fclose(f);
    printf("size after append %ld\n", fsize("b.bin"));
    f = fopen("b.bin", "a+");
    fseek(f, 0, SEEK_SET);
    printf("a+ reads from start %d\n", fgetc(f) == 0);
    fputs("more", f);
    fclose(f);
    printf("size after a+ %ld\n", fsize("b.bin"));

    // errors
    errno = 0;
    rc = fopen("nope/x", "r") == NULL;
    printf("fopen missing %d ENOENT %d\n", rc, errno == ENOENT);
    errno = 0;
    rc = fopen("a.txt", "q") == NULL;
    printf("fopen bad mode %d EINVAL %d\n", rc, errno == EINVAL);
    f = fopen("a.txt", "r");
    rc = fputs("x", f) == EOF || fflush(f) == EOF;
    printf("fputs on read-only %d ferror %d\n", rc, ferror(f) != 0);
    clearerr(f);
    printf("clearerr %d\n", ferror(f));
    fclose(f);

    // rename/remove
    rc = rename("a.txt", "c.txt");
    printf("rename %d a %ld c %ld\n", rc, fsize("a.txt"), fsize("c.txt"));
    errno = 0;
    rc = rename("a.txt", "d.txt");
    printf("rename missing %d ENOENT %d\n", rc, errno == ENOENT);
    rc = remove("c.txt");
    printf("remove %d %ld\n", rc, fsize("c.txt"));
    mkdir("sub", 0755);
    rc = remove("sub");
    printf("remove dir %d exists %d\n", rc, access("sub", F_OK) == 0);

    // tmpfile, mkstemp
    FILE *t = tmpfile();
    printf("tmpfile %d\n", t != NULL);
    if (t) {
        fputs("temporary", t);
        rewind(t);
        fgets(buf, sizeof buf, t);
        printf("tmpfile content '%s'\n", buf);
        fclose(t);
    }
    char tmpl[] = "tmpXXXXXX";
    int fd = mkstemp(tmpl);
    printf("mkstemp %d name changed %d\n", fd >= 0, strcmp(tmpl, "tmpXXXXXX") != 0);
    write(fd, "abc", 3);
    FILE *fdf = fdopen(fd, "r");
    rewind(fdf);
    c = fgetc(fdf);
    printf("fdopen read %c fileno match %d\n", c, fileno(fdf) == fd);
    fclose(fdf);
    unlink(tmpl);

    // freopen, dup2 redirection of stdout
    fflush(stdout);
    int saved = dup(1);
    FILE *r = freopen("out.txt", "w", stdout);
    printf("this goes to out.txt\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    (void)r;
    FILE *o = fopen("out.txt", "r");
    fgets(buf, sizeof buf, o);
    fclose(o);
    FILE *so = stdout;
    fprintf(so, "captured '%s'", buf);
    rc = truncate("b.bin", 10);
    fprintf(so, "truncate %d size %ld\n", rc, fsize("b.bin"));
    int wfd = open("excl", O_CREAT | O_EXCL | O_WRONLY, 0600);
    errno = 0;
    rc = open("excl", O_CREAT | O_EXCL | O_WRONLY, 0600);
    fprintf(so, "O_EXCL second %d EEXIST %d\n", rc, errno == EEXIST);
    close(wfd);
    rc = symlink("b.bin", "link");
    fprintf(so, "symlink %d readlink ", rc);
    ssize_t rl = readlink("link", buf, sizeof buf);
    rc = link("b.bin", "hard");
    fprintf(so, "'%.*s' link %d size via link %ld\n", (int)rl, buf, rc, fsize("link"));
    struct stat st;
    stat("hard", &st);
    fprintf(so, "nlink %ld mode %o\n", (long)st.st_nlink, st.st_mode & 0777 & ~0022);
    return 0;
}
