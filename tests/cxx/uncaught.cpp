// An exception nothing catches: std::terminate, then abort, so the process dies of SIGABRT (the
// message std::terminate prints on stderr is each library's own and not compared). Under WALI
// the frames the exception passed have run their destructors by then (Wasm has no search phase),
// so none here prints.
#include <cstdio>
#include <stdexcept>
#include <string>

struct Quiet {
    std::string name = "kept";
};

static int deep(int n) {
    Quiet q;
    if (n == 0) throw std::runtime_error("nobody catches this");
    return deep(n - 1) + static_cast<int>(q.name.size());
}

int main() {
    try {
        deep(3);
    } catch (const std::logic_error&) {
        std::printf("wrong handler\n");
    }
    std::printf("not reached\n");
    return 0;
}
