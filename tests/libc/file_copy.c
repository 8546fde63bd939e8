// sendfile and copy_file_range (libc++'s std::filesystem::copy_file uses them; the engine gave
// ENOSYS): with and without an offset (updated in place, the file position untouched), at EOF,
// into a pipe, and a bad offset pointer (EFAULT).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

static void show(const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("  %s: %zd bytes \"%s\"\n", path, n, buf);
}

int main(void) {
    int src = open("src.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(src, "0123456789abcdef", 16);
    lseek(src, 0, SEEK_SET);

    int dst = open("sendfile.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ssize_t n = sendfile(dst, src, NULL, 6);
    printf("sendfile no offset: %zd, src position %ld\n", n, (long)lseek(src, 0, SEEK_CUR));
    off_t off = 10;
    n = sendfile(dst, src, &off, 100);
    printf("sendfile from 10: %zd, offset now %ld, src position %ld\n", n, (long)off, (long)lseek(src, 0, SEEK_CUR));
    n = sendfile(dst, src, &off, 4);
    printf("sendfile at EOF: %zd\n", n);
    close(dst);
    show("sendfile.txt");

    int p[2];
    pipe(p);
    off = 2;
    n = sendfile(p[1], src, &off, 3);
    char buf[8] = {0};
    read(p[0], buf, sizeof buf - 1);
    printf("sendfile into a pipe: %zd \"%s\"\n", n, buf);

    dst = open("copy.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    off_t in = 4, out = 0;
    n = copy_file_range(src, &in, dst, &out, 8, 0);
    printf("copy_file_range: %zd, offsets %ld %ld\n", n, (long)in, (long)out);
    lseek(src, 12, SEEK_SET);
    n = copy_file_range(src, NULL, dst, NULL, 100, 0);
    printf("copy_file_range from the position: %zd, src position %ld\n", n, (long)lseek(src, 0, SEEK_CUR));
    n = copy_file_range(src, &in, dst, NULL, 1, 1);
    printf("copy_file_range bad flags: %zd %s\n", n, n < 0 && errno == EINVAL ? "EINVAL" : strerror(errno));
    close(dst);
    show("copy.txt");

    n = sendfile(p[1], src, (off_t *)-4, 1);
    printf("sendfile bad offset pointer: %zd %s\n", n, n < 0 && errno == EFAULT ? "EFAULT" : strerror(errno));
    return 0;
}
