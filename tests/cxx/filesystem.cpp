// <filesystem>: paths, create/remove, iteration (sorted, as order is the file system's), sizes,
// status and permissions, copy, rename, symlinks, error codes and filesystem_error.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

int main() {
    fs::path p = "/usr/lib/../share/doc/file.tar.gz";
    std::printf("path: %s\n", p.c_str());
    std::printf("filename %s stem %s extension %s parent %s\n", p.filename().c_str(), p.stem().c_str(),
                p.extension().c_str(), p.parent_path().c_str());
    std::printf("lexically_normal %s\n", p.lexically_normal().c_str());
    std::printf("relative %s\n", fs::path("/a/b/c").lexically_relative("/a/d").c_str());
    fs::path joined = fs::path("dir") / "sub" / "file.txt";
    std::printf("joined %s, is_relative %d, replace_extension %s\n", joined.c_str(), joined.is_relative(),
                fs::path(joined).replace_extension(".md").c_str());
    for (const auto& part : fs::path("/x/y/z.txt")) std::printf("[%s]", part.c_str());
    std::printf("\n");

    fs::path root = "tree";
    std::printf("create_directories %d\n", fs::create_directories(root / "a" / "b"));
    std::printf("create_directories again %d\n", fs::create_directories(root / "a" / "b"));
    fs::create_directory(root / "c");
    write(root / "a" / "one.txt", "hello");
    write(root / "a" / "b" / "two.txt", "hello world");
    write(root / "top.txt", std::string(1000, 'x'));
    std::printf("exists %d %d, is_directory %d, is_regular_file %d\n", fs::exists(root / "top.txt"),
                fs::exists(root / "nope"), fs::is_directory(root / "a"), fs::is_regular_file(root / "top.txt"));
    std::printf("file_size %ju\n", (uintmax_t)fs::file_size(root / "a" / "b" / "two.txt"));

    std::vector<std::string> entries;
    for (auto& e : fs::recursive_directory_iterator(root))
        entries.push_back(e.path().string() + (e.is_directory() ? "/" : " " + std::to_string(e.file_size())));
    std::sort(entries.begin(), entries.end());
    for (auto& e : entries) std::printf("  %s\n", e.c_str());
    std::vector<std::string> top;
    for (auto& e : fs::directory_iterator(root)) top.push_back(e.path().filename().string());
    std::sort(top.begin(), top.end());
    std::printf("top level:");
    for (auto& t : top) std::printf(" %s", t.c_str());
    std::printf("\n");

    fs::copy_file(root / "top.txt", root / "copy.txt");
    std::printf("copy size %ju\n", (uintmax_t)fs::file_size(root / "copy.txt"));
    std::error_code ec;
    fs::copy_file(root / "top.txt", root / "copy.txt", ec);
    std::printf("copy over existing: error %d (%s)\n", ec ? 1 : 0, ec == std::errc::file_exists ? "file_exists" : "other");
    fs::copy(root / "a", root / "a2", fs::copy_options::recursive);
    std::printf("recursive copy has two.txt %d\n", fs::exists(root / "a2" / "b" / "two.txt"));
    fs::rename(root / "copy.txt", root / "c" / "moved.txt");
    std::printf("renamed %d %d\n", fs::exists(root / "copy.txt"), fs::exists(root / "c" / "moved.txt"));
    fs::resize_file(root / "c" / "moved.txt", 10);
    std::printf("resized %ju\n", (uintmax_t)fs::file_size(root / "c" / "moved.txt"));

    fs::create_symlink("top.txt", root / "link");
    std::printf("symlink: is_symlink %d, target %s, follows to size %ju\n", fs::is_symlink(root / "link"),
                fs::read_symlink(root / "link").c_str(), (uintmax_t)fs::file_size(root / "link"));
    std::printf("canonical of link ends with top.txt %d\n", fs::canonical(root / "link").filename() == "top.txt");
    std::printf("equivalent %d\n", fs::equivalent(root / "link", root / "top.txt"));

    fs::permissions(root / "top.txt", fs::perms::owner_read | fs::perms::group_read);
    auto perms = fs::status(root / "top.txt").permissions();
    std::printf("perms %03o\n", (unsigned)perms & 0777);
    fs::permissions(root / "top.txt", fs::perms::owner_write, fs::perm_options::add);
    std::printf("perms after add %03o\n", (unsigned)fs::status(root / "top.txt").permissions() & 0777);

    std::printf("status of missing: %d\n", fs::status(root / "missing").type() == fs::file_type::not_found);
    try {
        std::printf("unexpected size %ju\n", (uintmax_t)fs::file_size(root / "missing"));
    } catch (const fs::filesystem_error& e) {
        std::printf("filesystem_error: code %s, path1 %s\n", e.code() == std::errc::no_such_file_or_directory ? "ENOENT" : "other",
                    e.path1().c_str());
    }
    fs::remove(root / "c", ec);
    std::printf("remove non-empty dir fails %d\n", ec ? 1 : 0);

    fs::path cwd = fs::current_path();
    fs::current_path(root / "a");
    std::printf("cwd moved: %s\n", fs::current_path().filename().c_str());
    std::printf("relative exists %d\n", fs::exists("one.txt"));
    fs::current_path(cwd);
    std::printf("absolute is absolute %d\n", fs::absolute("x").is_absolute());
    auto before = fs::last_write_time(root / "a" / "one.txt");
    fs::last_write_time(root / "a" / "one.txt", before - std::chrono::hours(24));
    auto after = fs::last_write_time(root / "a" / "one.txt");
    std::printf("mtime moved back 24h: %d\n", std::chrono::duration_cast<std::chrono::hours>(before - after).count() == 24);
    auto space = fs::space(".");
    std::printf("space capacity > 0: %d\n", space.capacity > 0);
    std::printf("remove_all %ju\n", (uintmax_t)fs::remove_all(root));
    std::printf("gone %d\n", fs::exists(root));
    return 0;
}
