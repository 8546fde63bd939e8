// <chrono>: clocks (monotonic, agreeing with time(2)), sleeps lasting at least their duration,
// duration arithmetic and casts, time_point conversions, calendar types.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

using namespace std::chrono;
using namespace std::chrono_literals;

int main() {
    auto t0 = steady_clock::now();
    std::this_thread::sleep_for(30ms);
    auto t1 = steady_clock::now();
    std::printf("steady advanced at least 30ms: %d\n", t1 - t0 >= 30ms);
    std::printf("steady is_steady: %d\n", steady_clock::is_steady);
    auto until = steady_clock::now() + 20ms;
    std::this_thread::sleep_until(until);
    std::printf("sleep_until reached: %d\n", steady_clock::now() >= until);

    std::time_t c_now = std::time(nullptr);
    auto sys_now = system_clock::to_time_t(system_clock::now());
    std::printf("system_clock agrees with time(): %d\n", sys_now - c_now >= 0 && sys_now - c_now <= 2);
    auto hr = high_resolution_clock::now().time_since_epoch().count();
    std::printf("high_resolution_clock positive: %d\n", hr > 0);

    auto d = 1h + 23min + 45s + 678ms;
    std::printf("duration ms %lld, minutes %lld, seconds (double) %.3f\n", (long long)duration_cast<milliseconds>(d).count(),
                (long long)duration_cast<minutes>(d).count(), duration<double>(d).count());
    std::printf("floor/ceil/round of 2.5s: %lld %lld %lld\n", (long long)floor<seconds>(2500ms).count(),
                (long long)ceil<seconds>(2500ms).count(), (long long)round<seconds>(2500ms).count());
    std::printf("abs %lld, modulo %lld\n", (long long)abs(-5s).count(), (long long)(d % 1min).count());
    auto epoch_plus = system_clock::time_point{} + 86400s * 365;
    std::time_t tt = system_clock::to_time_t(epoch_plus);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    std::printf("epoch + 365 days: %04d-%02d-%02d\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);

    year_month_day ymd{year{2024}, month{2}, day{29}};
    std::printf("2024-02-29 ok %d, 2023-02-29 ok %d\n", ymd.ok(), year_month_day{year{2023}, month{2}, day{29}}.ok());
    sys_days sd = ymd;
    std::printf("days since epoch %d\n", (int)sd.time_since_epoch().count());
    year_month_day next = sys_days{ymd} + days{1};
    std::printf("next day %d-%u-%u\n", (int)next.year(), (unsigned)next.month(), (unsigned)next.day());
    weekday wd{sd};
    std::printf("weekday %u\n", wd.c_encoding());
    auto feb_end = year{2023} / February / std::chrono::last;
    std::printf("last day of Feb 2023: %u\n", (unsigned)year_month_day{feb_end}.day());
    hh_mm_ss<seconds> hms{3725s};
    std::printf("hh_mm_ss %lld:%lld:%lld\n", (long long)hms.hours().count(), (long long)hms.minutes().count(),
                (long long)hms.seconds().count());
    std::printf("leap 2000 %d, 1900 %d\n", year{2000}.is_leap(), year{1900}.is_leap());
    return 0;
}
