// <fstream>: write, append, read back line by line and as binary, seek and tell, open failures,
// read-write fstream, and a file big enough to cross the stream buffer many times.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main() {
    {
        std::ofstream out("notes.txt");
        out << "line one\n" << 2 << " line two\n" << 3.5 << '\n';
        std::printf("ofstream good %d\n", (int)out.good());
    }
    {
        std::ofstream out("notes.txt", std::ios::app);
        out << "appended\n";
    }
    std::ifstream in("notes.txt");
    std::string line;
    int count = 0;
    while (std::getline(in, line)) std::printf("%d: %s\n", ++count, line.c_str());
    std::printf("eof %d fail %d\n", (int)in.eof(), (int)in.fail());

    std::ifstream missing("does-not-exist.txt");
    std::printf("missing is_open %d, fail %d\n", (int)missing.is_open(), (int)missing.fail());

    {
        std::ofstream bin("data.bin", std::ios::binary);
        for (int i = 0; i < 256; i++) bin.put(static_cast<char>(i));
        std::vector<int> ints{1, -2, 300000, 0x7fffffff};
        bin.write(reinterpret_cast<const char*>(ints.data()), ints.size() * sizeof(int));
    }
    std::ifstream bin("data.bin", std::ios::binary | std::ios::ate);
    std::printf("binary size %lld\n", (long long)bin.tellg());
    bin.seekg(250);
    char c;
    bin.get(c);
    std::printf("byte 250 = %d\n", (unsigned char)c);
    bin.seekg(256);
    int ints[4];
    bin.read(reinterpret_cast<char*>(ints), sizeof ints);
    std::printf("ints %d %d %d %d, gcount %lld\n", ints[0], ints[1], ints[2], ints[3], (long long)bin.gcount());
    bin.seekg(-4, std::ios::end);
    bin.read(reinterpret_cast<char*>(ints), 4);
    std::printf("last int %d\n", ints[0]);
    bin.read(reinterpret_cast<char*>(ints), 4);
    std::printf("read past end: gcount %lld eof %d\n", (long long)bin.gcount(), (int)bin.eof());

    {
        std::fstream rw("rw.txt", std::ios::in | std::ios::out | std::ios::trunc);
        rw << "0123456789";
        rw.seekp(3);
        rw << "abc";
        rw.seekg(0);
        std::string all;
        rw >> all;
        std::printf("read-write: %s\n", all.c_str());
    }

    {
        std::ofstream big("big.txt");
        for (int i = 0; i < 100000; i++) big << "row " << i << ' ' << i * 7 % 1000 << '\n';
    }
    std::ifstream big("big.txt");
    long sum = 0, rows = 0;
    std::string word;
    int a, b;
    while (big >> word >> a >> b) {
        sum += b;
        rows++;
    }
    std::printf("big: %ld rows, sum %ld\n", rows, sum);
    std::stringstream whole;
    whole << std::ifstream("notes.txt").rdbuf();
    std::printf("rdbuf copy %zu bytes\n", whole.str().size());
    std::printf("remove %d\n", std::remove("big.txt"));
    return 0;
}
