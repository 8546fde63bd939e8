// --max-threads 3: the main thread and two more; the next pthread_create fails with EAGAIN,
// and once a thread has ended another may start.
// WALI-ARGS: --max-threads 3
#include "policy_rules.h"
#include <pthread.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void *wait_gate(void *arg) {
    pthread_mutex_lock(&gate);
    pthread_mutex_unlock(&gate);
    return arg;
}

int main(void) {
    pthread_t t[3];
    pthread_mutex_lock(&gate);
    EXPECT_TRUE(pthread_create(&t[0], 0, wait_gate, 0) == 0);
    EXPECT_TRUE(pthread_create(&t[1], 0, wait_gate, 0) == 0);
    int r = pthread_create(&t[2], 0, wait_gate, 0);
    printf("third pthread_create: %s\n", strerror(r));
    EXPECT_TRUE(r == EAGAIN);
    pthread_mutex_unlock(&gate);
    EXPECT_TRUE(pthread_join(t[0], 0) == 0);
    EXPECT_TRUE(pthread_join(t[1], 0) == 0);
    EXPECT_TRUE(pthread_create(&t[2], 0, wait_gate, 0) == 0);
    EXPECT_TRUE(pthread_join(t[2], 0) == 0);
    return finish();
}
