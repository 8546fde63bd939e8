#include "wali_test.h"
/* uname, sysinfo, resource limits, getrusage, getrandom. */
#define RLIMIT_DATA 2
#define RLIMIT_NOFILE 7
#define RLIMIT_AS 9
#define RLIM_INF (~0ULL)
struct k_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
struct k_sysinfo {
    unsigned long uptime, loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    unsigned short procs, pad;
    unsigned long totalhigh, freehigh;
    unsigned mem_unit;
    char reserved[256];
};
struct k_rlimit { unsigned long long cur, max; };
struct k_rusage { struct k_timeval utime, stime; long rest[14]; long reserved[16]; };

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_utsname u;
    t_memset(&u, 0x7f, sizeof u);
    report("uname", sys_uname(&u));
    out("sysname: "); outln(u.sysname);
    check("release set", u.release[0] != 0 && u.release[64] == 0);
    check("machine set", u.machine[0] != 0);
    report("uname bad pointer", sys_uname(BAD_PTR));

    struct k_sysinfo si;
    t_memset(&si, 0, sizeof si);
    report("sysinfo", sys_sysinfo(&si));
    check("totalram", si.totalram > 0 && si.mem_unit >= 1);
    check("freeram <= totalram", si.freeram <= si.totalram);
    check("procs", si.procs > 0);
    report("sysinfo bad pointer", sys_sysinfo(BAD_PTR));

    struct k_rlimit rl, rl2;
    report("getrlimit nofile", sys_getrlimit(RLIMIT_NOFILE, &rl));
    check("cur <= max", rl.cur <= rl.max);
    struct k_rlimit lower = {rl.cur > 64 ? 64 : rl.cur, rl.max};
    report("setrlimit nofile", sys_setrlimit(RLIMIT_NOFILE, &lower));
    sys_getrlimit(RLIMIT_NOFILE, &rl2);
    report("new nofile cur", (long)rl2.cur);
    struct k_rlimit inverted = {10, 5};
    report("setrlimit cur > max", sys_setrlimit(RLIMIT_NOFILE, &inverted));
    report("setrlimit NULL", sys_setrlimit(RLIMIT_NOFILE, 0));
    report("getrlimit bad resource", sys_getrlimit(99, &rl));
    report("getrlimit bad pointer", sys_getrlimit(RLIMIT_NOFILE, BAD_PTR));
    report("getrlimit NULL", sys_getrlimit(RLIMIT_NOFILE, 0));
    struct k_rlimit old;
    report("prlimit64 self get", sys_prlimit64(0, RLIMIT_NOFILE, 0, &old));
    report("prlimit64 matches", old.cur == rl2.cur && old.max == rl2.max);
    report("prlimit64 own pid", sys_prlimit64((int)sys_getpid(), RLIMIT_NOFILE, &rl, &old));
    report("prlimit64 restored old", old.cur == rl2.cur);
    report("prlimit64 no pointers", sys_prlimit64(0, RLIMIT_NOFILE, 0, 0));
    report("prlimit64 no such pid", sys_prlimit64(999999, RLIMIT_NOFILE, 0, &old));
    report("prlimit64 bad resource", sys_prlimit64(0, 77, 0, &old));
    report("prlimit64 bad new", sys_prlimit64(0, RLIMIT_NOFILE, BAD_PTR, 0));

    /* Address-space limits: WALI reports the linear memory's, Linux usually infinity. */
    struct k_rlimit as, data;
    report("getrlimit as", sys_getrlimit(RLIMIT_AS, &as));
    report("getrlimit data", sys_getrlimit(RLIMIT_DATA, &data));
    check("as cur <= max", as.cur <= as.max);
    check("as at least 64 MiB", as.cur >= (64ULL << 20));
    struct k_rlimit bad_as = {as.max, as.cur - 1};
    report("setrlimit as inverted", sys_setrlimit(RLIMIT_AS, &bad_as));
    report("setrlimit as same", sys_setrlimit(RLIMIT_AS, &as));

    struct k_rusage ru;
    report("getrusage self", sys_getrusage(0, &ru));
    check("utime sane", ru.utime.tv_sec >= 0 && ru.utime.tv_usec >= 0 && ru.utime.tv_usec < 1000000);
    report("getrusage children", sys_getrusage(-1, &ru));
    report("getrusage thread", sys_getrusage(1, &ru));
    report("getrusage bad who", sys_getrusage(5, &ru));
    report("getrusage bad pointer", sys_getrusage(0, BAD_PTR));

    unsigned char rnd[64];
    t_memset(rnd, 0, sizeof rnd);
    report("getrandom", sys_getrandom(rnd, sizeof rnd, 0));
    int nonzero = 0;
    for (int i = 0; i < 64; i++) if (rnd[i]) nonzero++;
    check("random bytes not all zero", nonzero > 0);
    report("getrandom nonblock", sys_getrandom(rnd, 16, 1));
    report("getrandom zero length", sys_getrandom(rnd, 0, 0));
    report("getrandom bad pointer", sys_getrandom(BAD_PTR, 16, 0));
    report("getrandom bad flags", sys_getrandom(rnd, 16, 0x100));
    return t_failures ? 1 : 0;
}
