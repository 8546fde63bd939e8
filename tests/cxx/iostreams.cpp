// iostreams: formatting flags and manipulators, stringstreams, reading stdin with >> and getline,
// stream state and exceptions, wide streams, std::ios sync with stdio.
// STDIN: 12 34.5 word\nsecond line here\n  7 x\nlast
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

int main() {
    std::cout << "integers: " << 42 << ' ' << -17 << ' ' << std::hex << 255 << ' ' << std::showbase << 255 << ' '
              << std::oct << 8 << std::dec << std::noshowbase << '\n';
    std::cout << "widths: [" << std::setw(6) << 12 << "] [" << std::left << std::setw(6) << 12 << "] ["
              << std::right << std::setfill('*') << std::setw(6) << 12 << "]" << std::setfill(' ') << '\n';
    std::cout << "floats: " << 3.14159265358979 << ' ' << std::fixed << std::setprecision(3) << 2.0 / 3 << ' '
              << std::scientific << 123456.789 << ' ' << std::defaultfloat << std::setprecision(6) << 1e-7 << ' '
              << 1e21 << ' ' << 0.1 + 0.2 << '\n';
    std::cout << "max precision: " << std::setprecision(17) << 0.1 << ' ' << std::numeric_limits<double>::max()
              << std::setprecision(6) << '\n';
    std::cout << "bools: " << true << ' ' << std::boolalpha << false << std::noboolalpha << '\n';
    std::cout << "uppercase hex: " << std::uppercase << std::hex << 48879 << std::nouppercase << std::dec << '\n';
    std::cout << "special: " << std::numeric_limits<double>::infinity() << ' ' << -std::numeric_limits<double>::infinity()
              << '\n';
    std::cout << "showpos: " << std::showpos << 5 << ' ' << 0 << std::noshowpos << '\n';
    std::cout << "chars: " << 'A' << ' ' << static_cast<int>('A') << ' ' << "literal" << ' ' << std::string("string") << '\n';

    std::ostringstream os;
    os << "built " << 1 << '+' << 2.5 << " in a stringstream";
    std::cout << os.str() << " (" << os.str().size() << " chars)\n";
    std::istringstream is("10 20 30 forty 50");
    int n, total = 0;
    while (is >> n) total += n;
    std::cout << "parsed total " << total << ", fail " << is.fail() << ", eof " << is.eof() << '\n';
    is.clear();
    std::string word;
    is >> word;
    std::cout << "after clear: " << word << '\n';

    std::stringstream ss;
    ss.exceptions(std::ios::failbit);
    ss.str("abc");
    try {
        int x;
        ss >> x;
    } catch (const std::ios_base::failure&) {
        std::cout << "ios_base::failure thrown\n";
    }

    std::wostringstream wos;
    wos << L"wide " << 123 << L' ' << 4.5;
    std::wstring ws = wos.str();
    std::cout << "wide length " << ws.size() << '\n';

    int a;
    double b;
    std::string w;
    std::cin >> a >> b >> w;
    std::cout << "read " << a << ", " << b << ", " << w << '\n';
    std::string line;
    std::getline(std::cin, line);  // rest of the first line
    std::getline(std::cin, line);
    std::cout << "line: [" << line << "]\n";
    int seven;
    std::cin >> seven;
    char x;
    std::cin >> x;
    std::cout << "seven " << seven << " x " << x << '\n';
    std::vector<std::string> rest;
    while (std::cin >> w) rest.push_back(w);
    std::cout << "rest " << rest.size() << " word(s), last " << (rest.empty() ? "" : rest.back()) << ", eof " << std::cin.eof() << '\n';
    std::cerr << "to stderr\n";
    std::clog << "to clog\n";
    std::cout << std::flush;
    std::printf("printf after cout\n");
    std::cout << "cout after printf" << std::endl;
    return 0;
}
