// <thread>, <mutex>, <shared_mutex>, <condition_variable>, <atomic>, <future>, <latch>/<barrier>,
// call_once, thread_local: results are deterministic whatever the interleaving.
#include <atomic>
#include <barrier>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <latch>
#include <mutex>
#include <numeric>
#include <pthread.h>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <vector>

// libc++ passes pthread_t to musl's C functions: C++ must see it with C's (pointer) size.
static_assert(sizeof(pthread_t) == sizeof(void*), "pthread_t differs in size between C and C++");

thread_local int tls_counter = 0;
std::once_flag once;
int once_calls = 0;

int main() {
    const int nthreads = 4;
    std::atomic<long> atomic_sum{0};
    long locked_sum = 0;
    std::mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < nthreads; t++) {
        threads.emplace_back([&, t] {
            std::call_once(once, [] { once_calls++; });
            for (int i = 0; i < 5000; i++) {
                atomic_sum.fetch_add(i, std::memory_order_relaxed);
                tls_counter++;
                std::lock_guard<std::mutex> g(mu);
                locked_sum += t;
            }
            if (tls_counter != 5000) std::printf("thread %d: thread_local counter %d\n", t, tls_counter);
        });
    }
    for (auto& th : threads) th.join();
    std::printf("atomic sum %ld, locked sum %ld, call_once ran %d, main tls %d\n", atomic_sum.load(), locked_sum,
                once_calls, tls_counter);

    // Producer/consumer with a condition variable.
    std::queue<int> q;
    std::condition_variable cv;
    bool done = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> lk(mu);
        for (;;) {
            cv.wait(lk, [&] { return !q.empty() || done; });
            while (!q.empty()) {
                consumed += q.front();
                q.pop();
            }
            if (done) break;
        }
    });
    std::vector<std::thread> producers;
    for (int p = 0; p < 3; p++)
        producers.emplace_back([&, p] {
            for (int i = 1; i <= 1000; i++) {
                std::lock_guard<std::mutex> g(mu);
                q.push(i * (p + 1));
                cv.notify_one();
            }
        });
    for (auto& th : producers) th.join();
    {
        std::lock_guard<std::mutex> g(mu);
        done = true;
    }
    cv.notify_all();
    consumer.join();
    std::printf("consumed %ld\n", consumed);

    // wait_for with a timeout that expires.
    {
        std::unique_lock<std::mutex> lk(mu);
        bool never = false;
        bool got = cv.wait_for(lk, std::chrono::milliseconds(20), [&] { return never; });
        std::printf("wait_for timed out: %d\n", !got);
    }

    // Futures and async.
    std::vector<std::future<long>> parts;
    for (int k = 0; k < 4; k++)
        parts.push_back(std::async(std::launch::async, [k] {
            long s = 0;
            for (int i = k * 1000; i < (k + 1) * 1000; i++) s += i;
            return s;
        }));
    long total = 0;
    for (auto& f : parts) total += f.get();
    std::printf("async total %ld\n", total);
    std::packaged_task<int(int, int)> task([](int a, int b) { return a * b; });
    auto tf = task.get_future();
    std::thread tt(std::move(task), 6, 7);
    tt.join();
    std::printf("packaged_task %d\n", tf.get());

    // Readers and writers.
    std::shared_mutex rw;
    int shared_value = 0;
    std::atomic<int> reads{0};
    std::vector<std::thread> rws;
    for (int r = 0; r < 3; r++)
        rws.emplace_back([&] {
            for (int i = 0; i < 200; i++) {
                std::shared_lock<std::shared_mutex> g(rw);
                if (shared_value >= 0) reads++;
            }
        });
    rws.emplace_back([&] {
        for (int i = 0; i < 200; i++) {
            std::unique_lock<std::shared_mutex> g(rw);
            shared_value++;
        }
    });
    for (auto& th : rws) th.join();
    std::printf("shared_mutex: value %d, reads %d\n", shared_value, reads.load());

    // Latch, barrier, atomic wait/notify, recursive and timed mutexes.
    std::latch ready(3);
    std::atomic<int> phase_sum{0};
    std::barrier sync(3, [&]() noexcept { phase_sum += 100; });
    std::vector<std::thread> group;
    for (int i = 0; i < 3; i++)
        group.emplace_back([&, i] {
            ready.count_down();
            ready.wait();
            for (int phase = 0; phase < 3; phase++) {
                phase_sum += i;
                sync.arrive_and_wait();
            }
        });
    for (auto& th : group) th.join();
    std::printf("barrier phases sum %d\n", phase_sum.load());
    std::atomic<int> flag{0};
    std::thread waker([&] {
        flag.store(1);
        flag.notify_one();
    });
    flag.wait(0);
    waker.join();
    std::printf("atomic wait woke with %d\n", flag.load());
    std::recursive_mutex rm;
    {
        std::lock_guard<std::recursive_mutex> a(rm);
        std::lock_guard<std::recursive_mutex> b(rm);
        std::printf("recursive mutex locked twice\n");
    }
    std::timed_mutex tm;
    tm.lock();
    std::thread tryer([&] { std::printf("try_lock_for while held: %d\n", tm.try_lock_for(std::chrono::milliseconds(10))); });
    tryer.join();
    tm.unlock();
    std::printf("hardware_concurrency > 0: %d\n", std::thread::hardware_concurrency() > 0);
    std::thread::id main_id = std::this_thread::get_id();
    std::thread other([&] { std::printf("other thread has another id: %d\n", std::this_thread::get_id() != main_id); });
    other.join();
    std::jthread jt([](std::stop_token st) {
        while (!st.stop_requested()) std::this_thread::yield();
    });
    jt.request_stop();
    jt.join();
    std::printf("jthread stopped\n");
    return 0;
}
