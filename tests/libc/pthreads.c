// pthread create/join/detach, mutexes, condition variables, TLS, once, rwlock, barrier, semaphores.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *adder(void *arg) {
    for (int i = 0; i < 20000; i++) { pthread_mutex_lock(&lock); counter++; pthread_mutex_unlock(&lock); }
    return (void *)((long)arg * 10);
}

static _Thread_local int tls_value = 5;
static __thread char tls_buf[32] = "initial";
static void *tls_worker(void *arg) {
    long id = (long)arg;
    int start = tls_value;
    tls_value += (int)id;
    snprintf(tls_buf, sizeof tls_buf, "thread%ld", id);
    usleep(1000);
    return (void *)(long)(start == 5 && tls_value == 5 + id && !strcmp(tls_buf + 6, (char[]){'0' + (char)id, 0}));
}

static pthread_key_t key;
static atomic_int destructed;
static void destructor(void *v) { atomic_fetch_add(&destructed, (int)(long)v); }
static void *key_worker(void *arg) {
    pthread_setspecific(key, arg);
    return (void *)(long)(pthread_getspecific(key) == arg);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;
static void init_once(void) { atomic_fetch_add(&once_runs, 1); }
static void *once_worker(void *arg) { (void)arg; pthread_once(&once, init_once); return NULL; }

// bounded queue with two condition variables
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static int queue[8], qhead, qcount;
static void *producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 1; i <= 500; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == 8) pthread_cond_wait(&not_full, &qlock);
        queue[(qhead + qcount++) % 8] = base + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    return NULL;
}
static void *consumer(void *arg) {
    long sum = 0;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == 0) pthread_cond_wait(&not_empty, &qlock);
        sum += queue[qhead];
        qhead = (qhead + 1) % 8; qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
    }
    *(long *)arg = sum;
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_value;
static atomic_int readers_ok;
static void *reader(void *arg) {
    (void)arg;
    for (int i = 0; i < 200; i++) {
        pthread_rwlock_rdlock(&rw);
        if (shared_value % 2 == 0) atomic_fetch_add(&readers_ok, 1);
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}
static void *writer(void *arg) {
    (void)arg;
    for (int i = 0; i < 200; i++) {
        pthread_rwlock_wrlock(&rw);
        shared_value++; shared_value++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static pthread_barrier_t barrier;
static atomic_int serial;
static void *barrier_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 10; i++) if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&serial, 1);
    return NULL;
}

static sem_t sem_done;
static atomic_int detached_ran;
static void *detached(void *arg) { (void)arg; atomic_fetch_add(&detached_ran, 1); sem_post(&sem_done); return NULL; }

static void *self_check(void *arg) { (void)arg; return (void *)pthread_self(); }

static void *canceled(void *arg) {
    (void)arg;
    for (;;) { pthread_testcancel(); usleep(100); }
    return NULL;
}

static void *exiter(void *arg) { (void)arg; pthread_exit((void *)77); }

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, adder, (void *)i);
    long rsum = 0;
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); rsum += (long)r; }
    printf("mutex counter %ld, return values sum %ld\n", counter, rsum);

    int ok = 0;
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); ok += (int)(long)r; }
    printf("TLS ok in %d threads, main still %d '%s'\n", ok, tls_value, tls_buf);

    pthread_key_create(&key, destructor);
    ok = 0;
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, key_worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); ok += (int)(long)r; }
    printf("keys ok %d, destructor sum %d, main value null %d\n", ok, atomic_load(&destructed), pthread_getspecific(key) == NULL);
    pthread_key_delete(key);

    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, once_worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("once ran %d\n", atomic_load(&once_runs));

    long csum = 0;
    pthread_create(&t[0], NULL, producer, (void *)0L);
    pthread_create(&t[1], NULL, producer, (void *)1000L);
    pthread_create(&t[2], NULL, consumer, &csum);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("condvar queue sum %ld\n", csum);

    pthread_create(&t[0], NULL, writer, NULL);
    pthread_create(&t[1], NULL, reader, NULL);
    pthread_create(&t[2], NULL, reader, NULL);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("rwlock value %d readers consistent %d\n", shared_value, atomic_load(&readers_ok));
    printf("tryrdlock %d\n", pthread_rwlock_tryrdlock(&rw));
    printf("trywrlock while read-locked EBUSY %d\n", pthread_rwlock_trywrlock(&rw) == EBUSY);
    pthread_rwlock_unlock(&rw);

    pthread_barrier_init(&barrier, NULL, 3);
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, barrier_worker, NULL);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("barrier serial threads %d\n", atomic_load(&serial));
    pthread_barrier_destroy(&barrier);

    sem_init(&sem_done, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (int i = 0; i < 5; i++) pthread_create(&t[0], &attr, detached, NULL);
    for (int i = 0; i < 5; i++) sem_wait(&sem_done);
    printf("detached ran %d\n", atomic_load(&detached_ran));
    pthread_create(&t[0], NULL, detached, NULL);
    printf("pthread_detach %d\n", pthread_detach(t[0]));
    sem_wait(&sem_done);
    size_t ss;
    pthread_attr_getstacksize(&attr, &ss);
    printf("attr stack size %zu\n", ss);
    pthread_attr_destroy(&attr);

    pthread_create(&t[0], NULL, self_check, NULL);
    void *r;
    pthread_join(t[0], &r);
    printf("pthread_self equals creator's id %d, main differs %d\n", pthread_equal((pthread_t)r, t[0]) != 0, !pthread_equal(pthread_self(), t[0]));
    pthread_create(&t[0], NULL, exiter, NULL);
    pthread_join(t[0], &r);
    printf("pthread_exit value %ld\n", (long)r);

    // mutex types and timed waits
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &ma);
    int a1 = pthread_mutex_lock(&rec), a2 = pthread_mutex_lock(&rec), a3 = pthread_mutex_unlock(&rec), a4 = pthread_mutex_unlock(&rec);
    printf("recursive %d %d %d %d\n", a1, a2, a3, a4);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t ec;
    pthread_mutex_init(&ec, &ma);
    pthread_mutex_lock(&ec);
    printf("errorcheck relock EDEADLK %d\n", pthread_mutex_lock(&ec) == EDEADLK);
    pthread_mutex_unlock(&ec);
    printf("errorcheck unlock unowned EPERM %d\n", pthread_mutex_unlock(&ec) == EPERM);
    pthread_mutex_lock(&lock);
    printf("trylock held EBUSY %d\n", pthread_mutex_trylock(&lock) == EBUSY);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 50 * 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    printf("cond_timedwait ETIMEDOUT %d\n", pthread_cond_timedwait(&cv, &lock, &ts) == ETIMEDOUT);
    pthread_mutex_unlock(&lock);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20 * 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    printf("sem_timedwait ETIMEDOUT %d\n", sem_timedwait(&sem_done, &ts) == -1 && errno == ETIMEDOUT);
    printf("sem_trywait EAGAIN %d\n", sem_trywait(&sem_done) == -1 && errno == EAGAIN);

    pthread_create(&t[0], NULL, canceled, NULL);
    usleep(2000);
    int c1 = pthread_cancel(t[0]);
    pthread_join(t[0], &r);
    printf("cancel %d result canceled %d\n", c1, r == PTHREAD_CANCELED);

    // many short-lived threads
    int made = 0;
    for (int round = 0; round < 50; round++) {
        pthread_t tt[4];
        for (int i = 0; i < 4; i++) if (!pthread_create(&tt[i], NULL, once_worker, NULL)) made++;
        for (int i = 0; i < 4; i++) pthread_join(tt[i], NULL);
    }
    printf("short-lived threads %d\n", made);
    return 0;
}
