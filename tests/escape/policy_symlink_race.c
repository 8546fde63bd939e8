// A TOCTOU attack: one thread keeps swapping symlinks between a target inside the grant and targets
// outside it (absolute, relative, a directory) while another opens through them. The kernel
// resolves beneath the grant root, so an open either reaches the file inside or is refused;
// it never reaches the host file.
// WALI-ARGS: --dir .::/work
// WASM-CFLAGS: -pthread
#include "escape.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int stop;

static void *swapper(void *arg) {
    (void)arg;
    static const char *const targets[][2] = {
        {"inside.txt", "/etc/passwd"},
        {"inside.txt", "../../../../../../../etc/passwd"},
    };
    for (unsigned i = 0; !atomic_load(&stop); i++) {
        const char *target = targets[(i / 2) % 2][i % 2];
        symlink(target, "/work/tmp-link");
        rename("/work/tmp-link", "/work/link");
        symlink(i % 2 ? "/etc" : "dir", "/work/tmp-dlink");
        rename("/work/tmp-dlink", "/work/dlink");
    }
    return NULL;
}

int main(void) {
    int fd = open("/work/inside.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "inside", 6);
    close(fd);
    mkdir("/work/dir", 0755);
    fd = open("/work/dir/passwd", O_WRONLY | O_CREAT, 0644);
    write(fd, "inside", 6);
    close(fd);
    symlink("inside.txt", "/work/link");
    symlink("dir", "/work/dlink");

    pthread_t t;
    pthread_create(&t, NULL, swapper, NULL);
    int escaped = 0, inside = 0, refused = 0, other = 0;
    char buf[16];
    for (int i = 0; i < 3000; i++) {
        const char *path = i % 2 ? "/work/link" : "/work/dlink/passwd";
        int f = open(path, O_RDONLY);
        if (f >= 0) {
            int n = read(f, buf, sizeof buf);
            if (n == 6 && memcmp(buf, "inside", 6) == 0) inside++;
            else escaped++;
            close(f);
        } else if (errno == EACCES) {
            refused++;
        } else if (errno != ENOENT) {
            other++;
        }
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    printf("inside %d, refused %d\n", inside, refused);
    EXPECT_TRUE("no open through a swapped symlink reached the host file", escaped == 0);
    EXPECT_TRUE("opens through the symlink reached the file inside", inside > 0);
    EXPECT_TRUE("no open failed otherwise than EACCES or ENOENT", other == 0);
    return escape_done();
}
