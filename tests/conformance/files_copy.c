/* sendfile and copy_file_range (engine extras beside the spec, used by libc++'s filesystem::copy_file
 * and CPython's os.sendfile): data, the file offset or a given one, and errors. */
#include "wali_test.h"

static void contents(const char *what, long fd) {
    char buf[64];
    sys_lseek(fd, 0, K_SEEK_SET);
    long n = sys_read(fd, buf, sizeof buf - 1);
    report(what, n);
    if (n >= 0) { buf[n] = 0; out(buf); out("\n"); }
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    long in = sys_open("src.txt", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0644);
    long out = sys_open("dst.txt", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0644);
    check("open both", in >= 0 && out >= 0);
    sys_write(in, "0123456789abcdef", 16);

    sys_lseek(in, 0, K_SEEK_SET);
    report("sendfile from the file offset", sys_sendfile(out, in, 0, 4));
    report("the file offset moved", sys_lseek(in, 0, K_SEEK_CUR));
    long long off = 10;
    report("sendfile from a given offset", sys_sendfile(out, in, &off, 4));
    report("the given offset advanced", (long)off);
    report("the file offset did not", sys_lseek(in, 0, K_SEEK_CUR));
    report("sendfile past the end (short)", sys_sendfile(out, in, &off, 100));
    report("sendfile at the end", sys_sendfile(out, in, &off, 100));
    report("sendfile bad offset pointer", sys_sendfile(out, in, BAD_PTR, 4));
    report("sendfile bad out fd", sys_sendfile(99, in, 0, 4));
    report("sendfile bad in fd", sys_sendfile(out, 99, 0, 4));
    long ro = sys_open("src.txt", K_O_RDONLY, 0);
    report("sendfile to a read-only fd", sys_sendfile(ro, in, 0, 4));
    off = -1;
    report("sendfile negative offset", sys_sendfile(out, in, &off, 4));
    contents("sendfile result", out);

    long out2 = sys_open("dst2.txt", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0644);
    sys_lseek(in, 2, K_SEEK_SET);
    report("copy_file_range with the file offsets", sys_copy_file_range(in, 0, out2, 0, 3, 0));
    report("its in offset moved", sys_lseek(in, 0, K_SEEK_CUR));
    report("its out offset moved", sys_lseek(out2, 0, K_SEEK_CUR));
    long long oin = 12, oout = 1;
    report("copy_file_range with given offsets", sys_copy_file_range(in, &oin, out2, &oout, 4, 0));
    report("given in offset", (long)oin);
    report("given out offset", (long)oout);
    report("the file offsets did not move", sys_lseek(in, 0, K_SEEK_CUR) * 100 + sys_lseek(out2, 0, K_SEEK_CUR));
    report("copy_file_range at the end", sys_copy_file_range(in, &oin, out2, &oout, 4, 0));
    report("copy_file_range flags", sys_copy_file_range(in, 0, out2, 0, 4, 1));
    report("copy_file_range bad in offset pointer", sys_copy_file_range(in, BAD_PTR, out2, 0, 4, 0));
    report("copy_file_range bad out offset pointer", sys_copy_file_range(in, 0, out2, BAD_PTR, 4, 0));
    report("copy_file_range bad fd", sys_copy_file_range(99, 0, out2, 0, 4, 0));
    oin = 0; oout = 2;
    report("copy_file_range overlapping in one file", sys_copy_file_range(in, &oin, in, &oout, 8, 0));
    contents("copy_file_range result", out2);
    return 0;
}
