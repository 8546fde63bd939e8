// Static constructors and destructors: namespace-scope objects in definition order, destroyed in
// reverse; function-local statics on first use (destroyed before the namespace-scope ones built
// earlier); atexit handlers interleaved with them; init_priority; thread-safe local statics.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

struct Tracer {
    std::string name;
    explicit Tracer(const char* n) : name(n) { std::printf("construct %s\n", name.c_str()); }
    ~Tracer() { std::printf("destroy %s\n", name.c_str()); std::fflush(stdout); }
};

static int computed = [] { std::printf("dynamic initialiser of computed\n"); return 41 + 1; }();
Tracer first("first");
static Tracer second("second");
namespace app { Tracer third("third"); }
__attribute__((init_priority(200))) Tracer early("early (init_priority 200)");

Tracer& local() {
    static Tracer t("function-local");
    return t;
}

int counted() {
    static int calls = [] { std::printf("local static initialised once\n"); return 0; }();
    return ++calls;
}

void at_exit_one() { std::printf("atexit one\n"); }
void at_exit_two() { std::printf("atexit two\n"); }

int main() {
    std::printf("main starts, computed = %d\n", computed);
    std::atexit(at_exit_one);
    local();
    std::atexit(at_exit_two);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; i++) threads.emplace_back([] { for (int k = 0; k < 100; k++) counted(); });
    for (auto& t : threads) t.join();
    std::printf("counted after threads: %d\n", counted());
    std::printf("main returns\n");
    return 0;
}
