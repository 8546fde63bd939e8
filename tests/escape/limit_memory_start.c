// A module whose initial memory is larger than --max-memory does not start: one line, exit 126.
// WALI-ARGS: --max-memory 1M
// EXPECT-EXIT: 126
// EXPECT-STDERR: exceeds --max-memory (1048576 bytes)
int main(void) { return 0; }
