// <regex>: ECMAScript and POSIX grammars, match/search/replace, captures, iterators, icase,
// multiline text, and regex_error for a bad pattern.
#include <cstdio>
#include <regex>
#include <string>

int main() {
    std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    std::string text = "released 2024-03-15, patched 2025-11-02.";
    if (std::regex_search(text, m, date))
        std::printf("search: %s year %s month %s day %s at %ld\n", m[0].str().c_str(), m[1].str().c_str(),
                    m[2].str().c_str(), m[3].str().c_str(), (long)m.position(0));
    std::printf("match whole: %d %d\n", std::regex_match("2024-03-15", date), std::regex_match(text, date));
    for (std::sregex_iterator it(text.begin(), text.end(), date), end; it != end; ++it)
        std::printf("iterator: %s\n", it->str().c_str());
    std::printf("replace: %s\n", std::regex_replace(text, date, "$3/$2/$1").c_str());
    std::printf("replace first only: %s\n",
                std::regex_replace(text, date, "<date>", std::regex_constants::format_first_only).c_str());

    std::regex words(R"(\b(\w)(\w*)\b)");
    std::string sentence = "the quick brown fox";
    std::string out;
    for (std::sregex_iterator it(sentence.begin(), sentence.end(), words), end; it != end; ++it)
        out += (out.empty() ? "" : " ") + std::string(1, (char)std::toupper((*it)[1].str()[0])) + (*it)[2].str();
    std::printf("title case: %s\n", out.c_str());

    std::regex ci("hello", std::regex::icase);
    std::printf("icase: %d %d\n", std::regex_search("Say HeLLo", ci), std::regex_search("Say hallo", ci));
    std::regex alt("cat|dog|bird");
    std::printf("alternation: %s\n", std::regex_replace("cat and dog and fish", alt, "pet").c_str());
    std::regex posix("[[:digit:]]+", std::regex::extended);
    std::printf("extended: %s\n", std::regex_replace("a1b22c333", posix, "#").c_str());
    std::regex lazy("<.+?>");
    std::printf("lazy: %s\n", std::regex_replace("<a><b>text</b></a>", lazy, "").c_str());
    std::regex backref(R"((\w+) \1)");
    std::printf("backreference: %d %d\n", std::regex_search("it is is here", backref), std::regex_search("it is here", backref));
    std::regex lookahead(R"(\d+(?=px))");
    std::smatch la;
    std::string css = "width: 120px; height: 4em";
    std::regex_search(css, la, lookahead);
    std::printf("lookahead: %s\n", la.str().c_str());

    std::string csv = "alpha,beta,,gamma";
    std::regex comma(",");
    std::printf("split:");
    for (std::sregex_token_iterator it(csv.begin(), csv.end(), comma, -1), end; it != end; ++it)
        std::printf(" [%s]", it->str().c_str());
    std::printf("\n");

    std::string log = "INFO start\nWARN disk low\nINFO ok\nERROR failed\n";
    std::regex level(R"((WARN|ERROR) (.*))");
    for (std::sregex_iterator it(log.begin(), log.end(), level), end; it != end; ++it)
        std::printf("log %s: %s\n", (*it)[1].str().c_str(), (*it)[2].str().c_str());

    try {
        std::regex bad("(unclosed");
    } catch (const std::regex_error& e) {
        std::printf("regex_error code paren: %d\n", e.code() == std::regex_constants::error_paren);
    }
    try {
        std::regex bad2("a{3,1}");
    } catch (const std::regex_error& e) {
        std::printf("regex_error for a{3,1}: %d\n", e.code() == std::regex_constants::error_badbrace);
    }
    std::wregex wide(L"[a-z]+");
    std::printf("wregex: %d\n", std::regex_match(std::wstring(L"abc"), wide));
    return 0;
}
