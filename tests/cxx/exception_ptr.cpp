// std::exception_ptr: current_exception, make_exception_ptr, rethrow_exception (also on another
// thread), nested exceptions, uncaught_exceptions during unwinding, futures carrying exceptions.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct Probe {
    ~Probe() { std::printf("  uncaught_exceptions in dtor: %d\n", std::uncaught_exceptions()); }
};

void describe(const std::exception& e, int level = 0) {
    std::printf("%*sexception: %s\n", level * 2, "", e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        describe(inner, level + 1);
    } catch (...) {
    }
}

void open_config() {
    try {
        throw std::runtime_error("file missing");
    } catch (...) {
        std::throw_with_nested(std::runtime_error("cannot open config"));
    }
}

void start() {
    try {
        open_config();
    } catch (...) {
        std::throw_with_nested(std::logic_error("start failed"));
    }
}

int main() {
    std::exception_ptr saved;
    try {
        throw std::runtime_error("saved for later");
    } catch (...) {
        saved = std::current_exception();
    }
    std::printf("saved is %s\n", saved ? "set" : "null");
    std::printf("current_exception outside a handler is %s\n", std::current_exception() ? "set" : "null");
    try {
        std::rethrow_exception(saved);
    } catch (const std::runtime_error& e) {
        std::printf("rethrown: %s\n", e.what());
    }
    // The same exception object every time.
    const std::exception* first = nullptr;
    for (int i = 0; i < 3; i++) {
        try {
            std::rethrow_exception(saved);
        } catch (const std::exception& e) {
            if (!first) first = &e;
            std::printf("same object: %d\n", first == &e);
        }
    }

    auto made = std::make_exception_ptr(std::out_of_range("made"));
    try {
        std::rethrow_exception(made);
    } catch (const std::logic_error& e) {
        std::printf("make_exception_ptr: %s\n", e.what());
    }
    auto made_int = std::make_exception_ptr(17);
    try {
        std::rethrow_exception(made_int);
    } catch (int v) {
        std::printf("make_exception_ptr(int): %d\n", v);
    }

    std::printf("exception_ptr to another thread:\n");
    std::exception_ptr from_thread;
    std::thread t([&] {
        try {
            throw std::overflow_error("thrown on a thread");
        } catch (...) {
            from_thread = std::current_exception();
        }
    });
    t.join();
    try {
        std::rethrow_exception(from_thread);
    } catch (const std::exception& e) {
        std::printf("main caught: %s\n", e.what());
    }

    std::printf("futures:\n");
    auto fut = std::async(std::launch::async, []() -> int { throw std::domain_error("async failed"); });
    try {
        fut.get();
    } catch (const std::domain_error& e) {
        std::printf("future.get: %s\n", e.what());
    }
    std::promise<std::string> prom;
    auto pf = prom.get_future();
    std::thread setter([&] { prom.set_exception(std::make_exception_ptr(std::length_error("promise failed"))); });
    setter.join();
    try {
        pf.get();
    } catch (const std::length_error& e) {
        std::printf("promise: %s\n", e.what());
    }
    std::promise<int> broken;
    auto bf = broken.get_future();
    { std::promise<int> gone = std::move(broken); }
    try {
        bf.get();
    } catch (const std::future_error& e) {
        std::printf("future_error is broken_promise: %d\n", e.code() == std::future_errc::broken_promise);
    }

    std::printf("nested:\n");
    try {
        start();
    } catch (const std::exception& e) {
        describe(e);
    }

    std::printf("uncaught_exceptions:\n");
    std::printf("  outside: %d\n", std::uncaught_exceptions());
    try {
        Probe p;
        throw 1;
    } catch (int) {
        std::printf("  in handler: %d\n", std::uncaught_exceptions());
    }

    // Not here: an exception nobody catches. Under Wasm EH it ends the module with a trap
    // instead of calling std::terminate (tests/cxx/pending/README.md).
    return 0;
}
