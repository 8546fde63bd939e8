// The rest of the library most programs lean on: strings and conversions (to_chars/from_chars,
// stoi family), containers and algorithms, optional/variant/any and their exceptions, smart
// pointers, operator new/delete (replaced, aligned, nothrow, bad_alloc), mt19937's exact sequence,
// std::sort/stable_sort, numeric, string_view, bitset, and complex.
#include <algorithm>
#include <any>
#include <bitset>
#include <charconv>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <new>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // the replaced new is malloc, delete free
#endif
static long allocations = 0;
void* operator new(std::size_t n) {
    allocations++;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

struct alignas(64) Wide { char bytes[64]; };

int main() {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, 3.141592653589793);
    std::printf("to_chars double: %.*s\n", (int)(r.ptr - buf), buf);
    r = std::to_chars(buf, buf + sizeof buf, 1e300, std::chars_format::scientific, 5);
    std::printf("to_chars scientific: %.*s\n", (int)(r.ptr - buf), buf);
    r = std::to_chars(buf, buf + sizeof buf, -255, 16);
    std::printf("to_chars hex: %.*s\n", (int)(r.ptr - buf), buf);
    double parsed = 0;
    const char* text = "2.5e-3xyz";
    auto fr = std::from_chars(text, text + 9, parsed);
    std::printf("from_chars: %g, stopped at '%s'\n", parsed, fr.ptr);
    int bad = 0;
    auto fe = std::from_chars("zz", "zz" + 2, bad);
    std::printf("from_chars invalid: %d\n", fe.ec == std::errc::invalid_argument);
    std::printf("stoi %d stol %ld stoull %llu stod %.3f\n", std::stoi("-42"), std::stol("0x1f", nullptr, 16),
                std::stoull("18446744073709551615"), std::stod("  6.25"));
    try {
        std::stoi("99999999999");
    } catch (const std::out_of_range&) {
        std::printf("stoi out_of_range\n");
    }
    std::printf("to_string %s %s\n", std::to_string(-7).c_str(), std::to_string(1.5).c_str());

    std::string s = "The quick brown fox jumps over the lazy dog";
    std::string_view sv = s;
    std::printf("find %zu rfind %zu substr [%s] starts_with %d\n", sv.find("fox"), sv.rfind('o'),
                std::string(sv.substr(4, 5)).c_str(), sv.starts_with("The"));
    std::string up = s;
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
    std::printf("upper %s\n", up.c_str());

    std::vector<int> v(20);
    std::iota(v.begin(), v.end(), -5);
    std::mt19937 gen(12345);
    std::printf("mt19937:");
    for (int i = 0; i < 5; i++) std::printf(" %u", (unsigned)gen());
    std::printf("\n");
    std::mt19937_64 gen64(7);
    std::printf("mt19937_64: %llu\n", (unsigned long long)gen64());
    std::minstd_rand lcg(1);
    std::printf("minstd_rand: %u\n", (unsigned)lcg());
    for (size_t i = v.size() - 1; i > 0; i--) std::swap(v[i], v[gen() % (i + 1)]);
    std::sort(v.begin(), v.end(), [](int a, int b) { return std::abs(a) < std::abs(b) || (std::abs(a) == std::abs(b) && a < b); });
    std::printf("sorted by magnitude:");
    for (int x : v) std::printf(" %d", x);
    std::printf("\n");
    std::printf("accumulate %d, inner_product %d, gcd %d, lcm %d\n", std::accumulate(v.begin(), v.end(), 0),
                std::inner_product(v.begin(), v.begin() + 5, v.begin() + 5, 0), std::gcd(84, 36), std::lcm(4, 6));
    auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    std::vector<int> by_value = v;
    std::stable_sort(by_value.begin(), by_value.end());
    std::printf("min %d max %d, binary_search %d %d\n", *mn, *mx, std::binary_search(by_value.begin(), by_value.end(), 3),
                std::binary_search(by_value.begin(), by_value.end(), 30));

    std::map<std::string, int> counts;
    for (auto w : {"a", "b", "a", "c", "b", "a"}) counts[w]++;
    for (auto& [k, n] : counts) std::printf("%s=%d ", k.c_str(), n);
    std::printf("\n");
    std::unordered_map<int, std::string> um;
    for (int i = 0; i < 1000; i++) um[i] = std::to_string(i * i);
    std::printf("unordered_map size %zu, [999] %s, count(1000) %zu\n", um.size(), um[999].c_str(), um.count(1000));
    std::set<int> st{5, 1, 4, 1, 5, 9, 2, 6};
    std::printf("set:");
    for (int x : st) std::printf(" %d", x);
    std::printf(", lower_bound(3) %d\n", *st.lower_bound(3));
    std::list<int> lst{3, 1, 2};
    lst.sort();
    lst.push_front(0);
    std::deque<int> dq{1, 2, 3};
    dq.push_front(0);
    dq.pop_back();
    std::printf("list front %d back %d, deque %d..%d size %zu\n", lst.front(), lst.back(), dq.front(), dq.back(), dq.size());

    std::optional<int> none;
    try {
        std::printf("%d\n", none.value());
    } catch (const std::bad_optional_access&) {
        std::printf("bad_optional_access, value_or %d\n", none.value_or(8));
    }
    std::variant<int, std::string, double> var = std::string("text");
    std::visit([](auto&& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) std::printf("variant holds string %s\n", x.c_str());
        else std::printf("variant holds something else\n");
    }, var);
    try {
        std::printf("%d\n", std::get<int>(var));
    } catch (const std::bad_variant_access&) {
        std::printf("bad_variant_access, index %zu\n", var.index());
    }
    std::any any = 3.5;
    try {
        std::printf("%d\n", std::any_cast<int>(any));
    } catch (const std::bad_any_cast&) {
        std::printf("bad_any_cast, holds double %d\n", any.type() == typeid(double));
    }

    auto shared = std::make_shared<std::vector<int>>(3, 7);
    std::weak_ptr<std::vector<int>> weak = shared;
    std::printf("shared use_count %ld, weak expired %d\n", shared.use_count(), weak.expired());
    shared.reset();
    std::printf("after reset expired %d\n", weak.expired());
    auto up_arr = std::make_unique<int[]>(4);
    up_arr[3] = 9;
    std::printf("unique array %d\n", up_arr[3]);

    long before = allocations;
    std::vector<std::string> many;
    for (int i = 0; i < 100; i++) many.push_back(std::string(40, 'x'));
    std::printf("replaced operator new was used: %d\n", allocations > before);
    auto* wide = new Wide;
    std::printf("aligned new: %d\n", reinterpret_cast<std::uintptr_t>(wide) % 64 == 0);
    delete wide;
    int* nothrow = new (std::nothrow) int(5);
    std::printf("nothrow new %d\n", *nothrow);
    delete nothrow;
    try {
        std::vector<char> huge;
        huge.reserve(huge.max_size() - 1);
        std::printf("unexpected: reserved\n");
    } catch (const std::bad_alloc&) {
        std::printf("bad_alloc for a huge reserve\n");
    } catch (const std::length_error&) {
        std::printf("length_error for a huge reserve\n");
    }
    try {
        std::vector<int> vv;
        vv.reserve(vv.max_size() + 1);
    } catch (const std::length_error&) {
        std::printf("length_error beyond max_size\n");
    }

    std::bitset<16> bits(0xA5F0);
    std::printf("bitset %s count %zu\n", bits.to_string().c_str(), bits.count());
    std::complex<double> z(3, 4);
    std::printf("complex abs %.1f, z*z = %.1f%+.1fi\n", std::abs(z), (z * z).real(), (z * z).imag());
    return 0;
}
