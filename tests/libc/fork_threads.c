// fork while other threads are inside the engine: one thread keeps creating and joining threads
// (on the interpreter tier each is a new instance, linked and compiled as it runs), another keeps
// mapping and unmapping memory, and the main thread forks meanwhile. Each child creates a thread
// and maps memory, which takes the engine locks those threads may have held at the fork: a lock
// the child inherited held by a thread that does not exist there must not crash or hang it.
// (Before the fix: a child blocked forever in mmap on the memory map's lock; with that fixed, a
// child died of SIGILL, "Synchronization/LinuxImpl.swift:194: Fatal error: Unknown error occurred
// while attempting to acquire a Mutex", in about 1 of 200 forks: the WasmKit engine's
// function-type lock, shared by all threads' instances. CPython's test_threading
// test_dummy_thread_after_fork failed that way.)
#define _GNU_SOURCE
#include <stdio.h>
#include <stdatomic.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define ROUNDS 300
#define MAP_BYTES (1 << 20)

static atomic_int stop;

// A function of many calls: a thread's instance compiles it when the thread first runs it, and
// translating a call looks the callee's type up in the engine's type table (under its lock).
__attribute__((noinline)) static int step(int x) { return x * 3 + 1; }
#define CALL1 s = step(s);
#define CALL8 CALL1 CALL1 CALL1 CALL1 CALL1 CALL1 CALL1 CALL1
#define CALL64 CALL8 CALL8 CALL8 CALL8 CALL8 CALL8 CALL8 CALL8
#define CALL512 CALL64 CALL64 CALL64 CALL64 CALL64 CALL64 CALL64 CALL64
__attribute__((noinline)) static int many_calls(int s) { CALL512 CALL512 return s; }
static atomic_int sink;

static void *echo(void *arg) { atomic_fetch_add(&sink, many_calls((int)(long)arg)); return arg; }

static void *spawner(void *arg) {
    (void)arg;
    while (!atomic_load(&stop)) {
        pthread_t t;
        if (pthread_create(&t, 0, echo, 0) == 0) pthread_join(t, 0);
    }
    return 0;
}

static void *mapper(void *arg) {
    (void)arg;
    while (!atomic_load(&stop)) {
        char *p = mmap(0, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) continue;
        p[0] = 1;
        p[MAP_BYTES - 1] = 2;
        munmap(p, MAP_BYTES);
    }
    return 0;
}

static int child(void) {
    pthread_t t;
    void *result = 0;
    if (pthread_create(&t, 0, echo, (void *)7) != 0 || pthread_join(t, &result) != 0 || result != (void *)7) return 2;
    char *p = mmap(0, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 3;
    p[MAP_BYTES / 2] = 3;
    return munmap(p, MAP_BYTES) == 0 ? 0 : 4;
}

int main(void) {
    pthread_t s, m;
    if (pthread_create(&s, 0, spawner, 0) != 0 || pthread_create(&m, 0, mapper, 0) != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    int ok = 0;
    for (int i = 0; i < ROUNDS; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) { printf("fork failed\n"); break; }
        if (pid == 0) _exit(child());
        int status;
        if (waitpid(pid, &status, 0) != pid) { printf("waitpid failed\n"); break; }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ok++;
        else if (WIFEXITED(status)) printf("round %d: child exited %d\n", i, WEXITSTATUS(status));
        else printf("round %d: child died of signal %d\n", i, WTERMSIG(status));
    }
    atomic_store(&stop, 1);
    pthread_join(s, 0);
    pthread_join(m, 0);
    printf("%d of %d children ran a thread and mapped memory\n", ok, ROUNDS);
    return ok == ROUNDS ? 0 : 1;
}
