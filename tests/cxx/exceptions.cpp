// Exceptions across frames, destructors during unwinding, rethrow, catch(...), nested try blocks,
// exceptions through std::function and lambdas, function-try-blocks, exceptions from
// constructors (the partially built object's members are destroyed) and noexcept.
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Noisy {
    std::string name;
    explicit Noisy(std::string n) : name(std::move(n)) { std::printf("  ctor %s\n", name.c_str()); }
    ~Noisy() { std::printf("  dtor %s\n", name.c_str()); }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string& what, int c) : std::runtime_error(what), code(c) {}
};

int depth_thrower(int n) {
    Noisy guard("frame" + std::to_string(n));
    if (n == 0) throw MyError("bottom reached", 7);
    return depth_thrower(n - 1) + 1;
}

int recurse_deep(int n) {
    if (n == 0) throw std::out_of_range("deep");
    volatile int keep = n;
    return recurse_deep(n - 1) + keep;
}

struct Member {
    int id;
    explicit Member(int i) : id(i) {
        if (i == 3) throw std::invalid_argument("member 3 refuses");
        std::printf("  member %d built\n", id);
    }
    ~Member() { std::printf("  member %d destroyed\n", id); }
};

struct Holder {
    Member a{1}, b{2}, c{3};
};

struct FunctionTry {
    Member m;
    FunctionTry() try : m(3) {
    } catch (const std::exception& e) {
        std::printf("  function-try-block saw: %s\n", e.what());
    }  // rethrown implicitly
};

void rethrower() {
    try {
        throw std::logic_error("first");
    } catch (...) {
        std::printf("  rethrowing\n");
        throw;
    }
}

int noexcept_probe() noexcept { return 5; }

int main() {
    std::printf("across frames:\n");
    try {
        depth_thrower(3);
    } catch (const MyError& e) {
        std::printf("caught MyError '%s' code %d\n", e.what(), e.code);
    }

    std::printf("deep recursion:\n");
    try {
        recurse_deep(5000);  // 20000 exhausts the compiled tier's call stack (see the report)
    } catch (const std::exception& e) {
        std::printf("caught %s\n", e.what());
    }

    std::printf("by base class, by value, catch-all:\n");
    for (int kind = 0; kind < 5; kind++) {
        try {
            switch (kind) {
            case 0: throw 42;
            case 1: throw std::string("a string");
            case 2: throw 3.5;
            case 3: throw MyError("derived", 9);
            case 4: throw "a C string";
            }
        } catch (int v) {
            std::printf("int %d\n", v);
        } catch (const std::string& s) {
            std::printf("string %s\n", s.c_str());
        } catch (double d) {
            std::printf("double %.2f\n", d);
        } catch (const std::exception& e) {
            std::printf("std::exception %s\n", e.what());
        } catch (...) {
            std::printf("something else\n");
        }
    }

    std::printf("rethrow:\n");
    try {
        rethrower();
    } catch (const std::logic_error& e) {
        std::printf("caught rethrown %s\n", e.what());
    }

    std::printf("nested try blocks:\n");
    try {
        try {
            throw std::runtime_error("inner");
        } catch (const std::logic_error&) {
            std::printf("wrong handler\n");
        }
    } catch (const std::runtime_error& e) {
        std::printf("outer caught %s\n", e.what());
    }
    try {
        try {
            throw 1;
        } catch (int) {
            throw std::string("thrown from a handler");
        }
    } catch (const std::string& s) {
        std::printf("outer caught %s\n", s.c_str());
    }

    std::printf("std::function and lambdas:\n");
    std::vector<std::function<int(int)>> fns;
    fns.push_back([](int x) { return x * 2; });
    fns.push_back([](int x) -> int { if (x > 2) throw std::overflow_error("too big: " + std::to_string(x)); return x; });
    int captured = 100;
    fns.push_back([&captured](int x) { Noisy n("lambda"); if (x == 4) throw captured; return x + captured; });
    for (int x = 1; x <= 4; x++) {
        for (size_t i = 0; i < fns.size(); i++) {
            try {
                std::printf("f%zu(%d) = %d\n", i, x, fns[i](x));
            } catch (const std::exception& e) {
                std::printf("f%zu(%d) threw %s\n", i, x, e.what());
            } catch (int v) {
                std::printf("f%zu(%d) threw int %d\n", i, x, v);
            }
        }
    }
    std::function<void()> empty;
    try {
        empty();
    } catch (const std::bad_function_call&) {
        std::printf("bad_function_call\n");
    }

    std::printf("constructor throws:\n");
    try {
        Holder h;
    } catch (const std::invalid_argument& e) {
        std::printf("caught %s\n", e.what());
    }
    try {
        FunctionTry f;
    } catch (const std::invalid_argument& e) {
        std::printf("caught again %s\n", e.what());
    }
    try {
        auto p = std::make_unique<Holder>();
    } catch (const std::exception& e) {
        std::printf("make_unique caught %s\n", e.what());
    }

    std::printf("standard library throws:\n");
    std::vector<int> v(3);
    try {
        v.at(10) = 1;
    } catch (const std::out_of_range&) {
        std::printf("vector::at out_of_range\n");
    }
    try {
        std::stoi("not a number");
    } catch (const std::invalid_argument&) {
        std::printf("stoi invalid_argument\n");
    }
    try {
        std::string s("abc");
        s.substr(10);
    } catch (const std::out_of_range&) {
        std::printf("substr out_of_range\n");
    }

    std::printf("many throws:\n");
    long sum = 0;
    for (int i = 0; i < 20000; i++) {
        try {
            if (i % 3 == 0) throw i;
            sum += i;
        } catch (int v) {
            sum -= v;
        }
    }
    std::printf("sum %ld\n", sum);
    std::printf("noexcept(noexcept_probe()) = %d, value %d\n", (int)noexcept(noexcept_probe()), noexcept_probe());
    return 0;
}
