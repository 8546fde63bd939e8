// Locale basics: the classic "C" locale, the environment's locale (LANG=C), facets (ctype,
// numpunct, num_put/num_get, collate), imbue on streams, a custom numpunct, C.UTF-8 and wide
// characters. (Not compared: an unknown locale name, which glibc refuses, so libc++ throws, while
// musl's newlocale accepts any name as a UTF-8 locale; the environment locale's name, "C" from
// glibc, "" from musl; towupper of sharp s, which musl maps to U+1E9E and glibc leaves.)
#include <cstdio>
#include <iostream>
#include <locale>
#include <sstream>
#include <string>

struct Thousands : std::numpunct<char> {
    char do_thousands_sep() const override { return ','; }
    std::string do_grouping() const override { return "\3"; }
    char do_decimal_point() const override { return '.'; }
};

int main() {
    std::locale c = std::locale::classic();
    std::printf("classic name: %s\n", c.name().c_str());
    std::locale env("");
    std::printf("environment locale is classic: %d\n", env == std::locale::classic() || env.name().empty() || env.name() == "C");
    std::printf("global is classic: %d\n", std::locale() == std::locale::classic());

    auto& ct = std::use_facet<std::ctype<char>>(c);
    std::string s = "Hello, World 123";
    std::string up = s, low = s;
    ct.toupper(&up[0], &up[0] + up.size());
    ct.tolower(&low[0], &low[0] + low.size());
    std::printf("toupper %s, tolower %s\n", up.c_str(), low.c_str());
    int alpha = 0, digit = 0, space = 0, punct = 0;
    for (char ch : s) {
        alpha += std::isalpha(ch, c);
        digit += std::isdigit(ch, c);
        space += std::isspace(ch, c);
        punct += std::ispunct(ch, c);
    }
    std::printf("alpha %d digit %d space %d punct %d\n", alpha, digit, space, punct);

    auto& np = std::use_facet<std::numpunct<char>>(c);
    std::printf("decimal point '%c', grouping size %zu, truename %s\n", np.decimal_point(), np.grouping().size(),
                np.truename().c_str());

    std::ostringstream grouped;
    grouped.imbue(std::locale(c, new Thousands));
    grouped << 1234567890 << ' ' << 1234.5 << ' ' << -9876543;
    std::printf("custom numpunct: %s\n", grouped.str().c_str());
    std::istringstream in("1,234,567");
    in.imbue(std::locale(c, new Thousands));
    long parsed = 0;
    in >> parsed;
    std::printf("parsed with grouping: %ld\n", parsed);

    auto& coll = std::use_facet<std::collate<char>>(c);
    std::string a = "apple", b = "banana";
    std::printf("collate compare %d %d\n", coll.compare(a.data(), a.data() + a.size(), b.data(), b.data() + b.size()),
                coll.compare(b.data(), b.data() + b.size(), a.data(), a.data() + a.size()));
    std::printf("locale() as comparator: %d\n", std::locale()(a, b));

    std::locale utf8("C.UTF-8");
    std::printf("C.UTF-8 accepted\n");
    std::wstring w = L"Grüe";
    auto& wct = std::use_facet<std::ctype<wchar_t>>(utf8);
    std::wstring wu = w;
    wct.toupper(&wu[0], &wu[0] + wu.size());
    std::printf("wide toupper:");
    for (wchar_t ch : wu) std::printf(" %04x", (unsigned)ch);
    std::printf("\n");
    std::printf("iswalpha(ü) in C.UTF-8: %d\n", std::isalpha(L'ü', utf8));

    std::cout.imbue(std::locale::classic());
    std::cout << "cout classic: " << 1234567 << ' ' << 3.25 << '\n';
    return 0;
}
