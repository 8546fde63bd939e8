// The cwd is the process's, not a thread's: under a policy each thread keeps its own copy of the
// cwd's guest path (so relative paths take no lock), which must follow every chdir made by
// another thread, and still cannot leave the grant.
// WALI-ARGS: --dir .::/work
// WASM-CFLAGS: -pthread
#include "escape.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_barrier_t step;

static void *other(void *arg) {
    struct stat st;
    (void)arg;
    // Takes this thread's copy of the initial cwd (/work).
    EXPECT_OK("thread: relative stat at the initial cwd", stat("top.txt", &st));
    pthread_barrier_wait(&step); // main: chdir("sub")
    pthread_barrier_wait(&step);
    EXPECT_OK("thread: relative stat follows main's chdir into sub", stat("in-sub.txt", &st));
    EXPECT_ERRNO("thread: the old cwd's file is not found relative to the new one", stat("top.txt", &st), ENOENT);
    EXPECT_OK("thread: .. from the new cwd", stat("../top.txt", &st));
    EXPECT_ERRNO("thread: relative path out of the grant after the chdir", open("../../etc/passwd", O_RDONLY), EACCES);
    EXPECT_OK("thread: chdir back to the grant root", chdir(".."));
    pthread_barrier_wait(&step);
    return NULL;
}

int main(void) {
    struct stat st;
    pthread_t t;
    close(open("top.txt", O_WRONLY | O_CREAT, 0644));
    EXPECT_OK("mkdir sub", mkdir("sub", 0755));
    close(open("sub/in-sub.txt", O_WRONLY | O_CREAT, 0644));
    EXPECT_OK("relative stat at the initial cwd", stat("top.txt", &st));
    pthread_barrier_init(&step, NULL, 2);
    if (pthread_create(&t, NULL, other, NULL) != 0) return 2;
    pthread_barrier_wait(&step);
    EXPECT_OK("chdir into sub", chdir("sub"));
    pthread_barrier_wait(&step);
    pthread_barrier_wait(&step); // the thread: chdir("..")
    pthread_join(t, NULL);
    EXPECT_OK("main: relative stat follows the thread's chdir back", stat("top.txt", &st));
    EXPECT_ERRNO("main: sub's file is not found at the root", stat("in-sub.txt", &st), ENOENT);
    char cwd[64];
    EXPECT_TRUE("getcwd is /work again", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/work") == 0);
    escape_done();
}
