/* Condition variables, thread-specific data, pthread_exit, many short-lived
 * threads (stack reuse), deferred cancellation, C11 threads. */
#include <pthread.h>
#include <threads.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready, dtor_calls;
static pthread_key_t key;

static void dtor(void *p) { __atomic_fetch_add(&dtor_calls, 1, __ATOMIC_SEQ_CST); free(p); }

static void *waiter(void *arg)
{
	pthread_setspecific(key, malloc(16));
	pthread_mutex_lock(&m);
	while (!ready) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	pthread_exit((void *)123L);
}

static void *quick(void *arg) { return arg; }

static void *cancellee(void *arg)
{
	for (;;) {
		usleep(1000);  /* a cancellation point */
	}
	return 0;
}

static int c11(void *arg) { return (int)(long)arg + 1; }

int main(void)
{
	pthread_t t[3];
	void *r;
	pthread_key_create(&key, dtor);
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, waiter, 0);
	usleep(20000);
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], &r);
		if ((long)r != 123) return 1;
	}
	if (dtor_calls != 3) { printf("dtor_calls %d\n", dtor_calls); return 2; }

	for (long i = 0; i < 64; i++) {
		pthread_t q;
		if (pthread_create(&q, 0, quick, (void *)i)) return 3;
		pthread_join(q, &r);
		if ((long)r != i) return 4;
	}

	pthread_t k;
	pthread_create(&k, 0, cancellee, 0);
	usleep(5000);
	pthread_cancel(k);
	pthread_join(k, &r);
	if (r != PTHREAD_CANCELED) return 5;

	thrd_t ct;
	int res;
	if (thrd_create(&ct, c11, (void *)41L) != thrd_success) return 6;
	thrd_join(ct, &res);
	if (res != 42) return 7;

	printf("threads2 ok\n");
	return 0;
}
