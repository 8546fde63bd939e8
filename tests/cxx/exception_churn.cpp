// Many exceptions thrown and caught (by type, by catch(...), rethrown, through cleanups): the
// memory the engine uses for them must not grow with their number. FLAT-RSS: tests/run_cxx.py
// runs the compiled tier with the two counts and compares peak RSS (a leak of a few bytes per
// exception shows as tens of MB over a million).
// ARGS: 20000
// FLAT-RSS: compiled 100000 1000000
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

struct Cleanup {
    long* counter;
    ~Cleanup() { ++*counter; }
};

static long cleanups = 0;

static int thrower(int i) {
    Cleanup c{&cleanups};
    if (i % 3 == 0) throw i;
    if (i % 3 == 1) throw std::runtime_error("odd");
    throw 1.5;
}

static long round_trip(int i) {
    try {
        try {
            return thrower(i);
        } catch (const std::runtime_error&) {
            throw;
        }
    } catch (int v) {
        return v % 7;
    } catch (const std::exception& e) {
        return static_cast<long>(std::string(e.what()).size());
    } catch (...) {
        return 100;
    }
}

int main(int argc, char** argv) {
    long n = argc > 1 ? std::atol(argv[1]) : 1000;
    long sum = 0;
    for (long i = 0; i < n; i++) sum += round_trip(static_cast<int>(i));
    std::printf("%ld exceptions, sum %ld, cleanups %ld\n", n, sum, cleanups);
    return 0;
}
