/* pthread_create/join, mutexes, thread-local storage, detached threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 4
static _Thread_local int tls_value = 7;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *arg)
{
	int id = (int)(long)arg;
	if (tls_value != 7) return (void *)-1L;  /* fresh TLS image per thread */
	tls_value = id;
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	char *p = malloc(1000);
	memset(p, id, 1000);
	free(p);
	return (void *)(long)(tls_value * 10);
}

int main(void)
{
	pthread_t t[N];
	for (long i = 0; i < N; i++)
		if (pthread_create(&t[i], 0, work, (void *)(i + 1))) return 1;
	for (int i = 0; i < N; i++) {
		void *res;
		pthread_join(t[i], &res);
		if ((long)res != (i + 1) * 10) return 2;
	}
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_t d;
	if (pthread_create(&d, &a, work, (void *)9L)) return 3;
	printf("counter = %ld (expect %d), main tls = %d\n", counter, N * 10000, tls_value);
	return counter >= N * 10000 && tls_value == 7 ? 0 : 4;
}
