/* table.grow, one definition per module (not inline: it is rarely called). It may race with
 * other threads' calls through the table: growers take a lock; readers take none, so a grown
 * array is published before the new size and old arrays are never freed (a reader that saw the
 * old size may still index the old array).
 * Part of every C file `wali compile` generates (after the ABI definitions of CWALINativeRuntime.h);
 * embedded into the engine at build time. Compiled on its own by TemplateTests. */
static int wali_table_lock;
uint32_t wali_table_grow(wali_table *t, uintptr_t v, uint32_t n) {
  while (__atomic_exchange_n(&wali_table_lock, 1, __ATOMIC_ACQUIRE)) {}
  uint32_t old = t->size, result = 0xffffffffu;
  if (n <= t->max - old) {
    uint32_t size = old + n;
    int ok = 1;
    if (size > t->capacity) {
      uint64_t cap = (uint64_t)size * 2 + 16;
      if (cap > t->max) cap = t->max;
      void **e = malloc((size_t)cap * sizeof(void *));
      if (e) {
        memcpy(e, t->elems, (size_t)old * sizeof(void *));
        __atomic_store_n(&t->elems, e, __ATOMIC_RELEASE);
        t->capacity = (uint32_t)cap;
      } else {
        ok = 0;
      }
    }
    if (ok) {
      for (uint32_t i = old; i < size; i++) t->elems[i] = (void *)v;
      __atomic_store_n(&t->size, size, __ATOMIC_RELEASE);
      result = old;
    }
  }
  __atomic_store_n(&wali_table_lock, 0, __ATOMIC_RELEASE);
  return result;
}
