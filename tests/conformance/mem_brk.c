#include "wali_test.h"
/* brk: query, grow (zero-filled), shrink, regrow (zero again), invalid requests. */
#define PG 4096

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    long cur = sys_brk(0);
    check("brk(0) is positive", cur > 0);
    check("brk(0) again same", sys_brk(0) == cur);
    long base = (cur + PG - 1) & ~(long)(PG - 1);
    long grown = sys_brk((void *)(base + 4 * PG));
    check("brk grows", grown == base + 4 * PG);
    unsigned char *h = (unsigned char *)base;
    int zero = 1;
    for (int i = 0; i < 4 * PG; i++) if (h[i]) zero = 0;
    check("new heap is zero", zero);
    t_memset(h, 0x77, 4 * PG);
    check("shrink", sys_brk((void *)(base + PG)) == base + PG);
    check("kept part intact", h[0] == 0x77 && h[PG - 1] == 0x77);
    check("regrow", sys_brk((void *)(base + 4 * PG)) == base + 4 * PG);
    zero = 1;
    for (int i = PG; i < 4 * PG; i++) if (h[i]) zero = 0;
    check("regrown heap is zero", zero);
    check("brk below start fails", sys_brk((void *)16) == base + 4 * PG);
    check("restore", sys_brk((void *)cur) == cur);
    return t_failures ? 1 : 0;
}
