/* Standard streams: stdin copied to stdout (upper-cased), a line to stderr, byte counts. */
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    char buf[256];
    long total = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
        write(1, buf, (size_t)n);
        total += n;
    }
    fprintf(stderr, "read %ld bytes\n", total);
    printf("isatty(1)=%d\n", isatty(1));
    printf("lseek(stdout): %s\n", lseek(1, 0, SEEK_CUR) < 0 ? "fails" : "ok");
    return 0;
}
