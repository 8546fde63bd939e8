/* CPU-bound: dense double-precision matrix multiply, N x N (i-k-j order), repeated. ARGS: rounds
   The checksum is the bit pattern of the sum, so both builds must round identically
   (the native build uses -ffp-contract=off: no fused multiply-add). */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
#define N 200
static double a[N][N], b[N][N], c[N][N];
int test_main(int argc, char **argv) {
    long rounds = argc > 1 ? parse(argv[1]) : 10;
    unsigned int seed = 12345;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            seed = seed * 1103515245u + 12345u; a[i][j] = (double)(seed >> 16 & 1023) / 512.0 - 1.0;
            seed = seed * 1103515245u + 12345u; b[i][j] = (double)(seed >> 16 & 1023) / 512.0 - 1.0;
        }
    double sum = 0;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) c[i][j] = 0;
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
            }
        }
        for (int i = 0; i < N; i++) sum += c[i][(i + r) % N];
        a[r % N][(r * 7) % N] += 0.5; /* each round differs */
    }
    union { double d; unsigned long u; } bits = { sum };
    out("matmul "); out_int(N); out(" sum bits "); out_hex(bits.u); out("\n");
    return 0;
}
