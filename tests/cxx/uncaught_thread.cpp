// An exception escaping a std::thread's function: std::terminate, abort, the whole process dies
// of SIGABRT (stderr not compared).
#include <cstdio>
#include <stdexcept>
#include <thread>

int main() {
    std::printf("starting\n");
    std::fflush(stdout);
    std::thread t([] { throw std::logic_error("escapes the thread"); });
    t.join();
    std::printf("not reached\n");
    return 0;
}
