// A throw from the bottom of a deep recursion (every frame with a destructor to run) caught at
// the top, then the same depth without a throw. The depth is one all three run: natively (8 MiB
// stack: ~250000 of these frames), the interpreter (WasmKit's 8 MiB stack: ~50000) and the
// compiled tier, which runs guest code on a 64 MiB stack of its own (on the thread's 8 MiB it
// stopped near 20000: translated frames are larger than native ones).
// ARGS: 40000
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

static long destroyed = 0;

struct Frame {
    int depth;
    ~Frame() { destroyed += depth & 1; }
};

static int down(int n, bool do_throw) {
    Frame f{n};
    if (n == 0) {
        if (do_throw) throw std::runtime_error("bottom");
        return 0;
    }
    return down(n - 1, do_throw) + (f.depth & 1);
}

int main(int argc, char** argv) {
    int depth = argc > 1 ? std::atoi(argv[1]) : 1000;
    try {
        down(depth, true);
        std::printf("no exception\n");
    } catch (const std::exception& e) {
        std::printf("caught '%s' from depth %d, %ld odd frames destroyed\n", e.what(), depth, destroyed);
    }
    std::printf("returned %d\n", down(depth, false));
    return 0;
}
