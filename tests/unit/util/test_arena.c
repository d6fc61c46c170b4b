/*
 * test_arena.c - the chunked bump allocator (src/util/arena.c).
 */
#include "helpers.h"
#include "util/arena.h"

#define ALIGN 16u

static int S_aligned(const void *p) { return ((uintptr_t)p % ALIGN) == 0; }

/* A TM_DEBUG_ARENA build mallocs every piece: two small pieces are then
 * not adjacent.  (The define is private to the library's objects.) */
static int S_debug_arena(void) {
  tm_arena a = TM_ARENA_INIT;
  char *x = tm_arena_alloc(&a, 16), *y = tm_arena_alloc(&a, 16);
  int debug = y != x + 16;
  tm_arena_clear(&a);
  return debug;
}

/* Many small pieces: each is usable, aligned, and none overlaps another
 * (we write a distinct pattern into every piece and check them all after
 * the last allocation, which crosses several 64 KiB blocks). */
static void test_arena__many_small_allocations_are_distinct_and_aligned(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  enum { N = 20000 };
  unsigned char **p = calloc(N, sizeof *p);
  assert_non_null(p);
  for (size_t i = 0; i < N; i++) {
    size_t sz = 1 + i % 23;
    p[i] = tm_arena_alloc(&a, sz);
    assert_non_null(p[i]);
    assert_true(S_aligned(p[i]));
    memset(p[i], (int)(i & 0xFF), sz);
  }
  for (size_t i = 0; i < N; i++) {
    size_t sz = 1 + i % 23;
    for (size_t k = 0; k < sz; k++) assert_int_equal(p[i][k], i & 0xFF);
  }
  /* 20000 pieces of at most 23 bytes rounded to 16 or 32: more than one block */
  assert_true(a.total >= (size_t)N * 16);
  assert_true(a.head != NULL);
  free(p);
  tm_arena_clear(&a);
}

/* A large request (more than a quarter block) that does not fit in the
 * current block gets a block of its own, and the current block's free
 * space keeps serving later requests, small and mid-sized alike. */
static void test_arena__large_allocations_get_their_own_block(void **state) {
  (void)state;
  int dbg = S_debug_arena(); /* piece adjacency only holds without it */
  tm_arena a = TM_ARENA_INIT;
  char *small1 = tm_arena_alloc(&a, 10);
  assert_non_null(small1);
  strcpy(small1, "123456789");

  size_t big_sz = 1u << 20; /* 1 MiB, 16x a block */
  unsigned char *big = tm_arena_alloc(&a, big_sz);
  assert_non_null(big);
  assert_true(S_aligned(big));
  memset(big, 0xAB, big_sz);

  /* the next small piece comes from the first block, right after small1 */
  char *small2 = tm_arena_alloc(&a, 10);
  assert_non_null(small2);
  if (!dbg) assert_ptr_equal(small2, small1 + 16);
  strcpy(small2, "abcdefghi");

  /* 20000 bytes still fit in the first block: no new block */
  unsigned char *mid = tm_arena_alloc(&a, 20000);
  assert_non_null(mid);
  if (!dbg) assert_ptr_equal(mid, (unsigned char *)small2 + 16);
  memset(mid, 0xCD, 20000);

  /* 60000 bytes no longer fit (45504 left): a block of its own ... */
  unsigned char *big2 = tm_arena_alloc(&a, 60000);
  assert_non_null(big2);
  assert_true(S_aligned(big2));
  memset(big2, 0xEF, 60000);
  /* ... and the first block's space is still used afterwards */
  char *small3 = tm_arena_alloc(&a, 1);
  assert_non_null(small3);
  if (!dbg) assert_ptr_equal(small3, (char *)mid + 20000);
  *small3 = 'z';

  assert_string_equal(small1, "123456789");
  assert_string_equal(small2, "abcdefghi");
  for (size_t i = 0; i < big_sz; i += 4093) assert_int_equal(big[i], 0xAB);
  assert_int_equal(big[big_sz - 1], 0xAB);
  for (size_t i = 0; i < 20000; i += 997) assert_int_equal(mid[i], 0xCD);
  for (size_t i = 0; i < 60000; i += 997) assert_int_equal(big2[i], 0xEF);
  assert_int_equal(*small3, 'z');
  /* 10 -> 16 each; 1 MiB, 20000 and 60000 are multiples of 16 */
  assert_int_equal(a.total, 16 + big_sz + 16 + 20000 + 60000 + 16);
  tm_arena_clear(&a);
}

/* Every size from 0 to 100 gives a 16-aligned piece, also mixed with
 * odd sizes that would misalign a naive bump pointer. */
static void test_arena__alignment_is_16_for_every_size(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  for (size_t sz = 0; sz <= 100; sz++) {
    void *p = tm_arena_alloc(&a, sz);
    assert_non_null(p);
    assert_true(S_aligned(p));
    void *q = tm_arena_alloc(&a, 3);
    assert_true(S_aligned(q));
  }
  /* calloc too, and it zero-fills */
  uint64_t *z = tm_arena_calloc(&a, 7, sizeof *z);
  assert_non_null(z);
  assert_true(S_aligned(z));
  for (int i = 0; i < 7; i++) assert_int_equal(z[i], 0);
  tm_arena_clear(&a);
}

/* Zero-size allocations still return distinct, usable pointers. */
static void test_arena__zero_size_returns_distinct_pointers(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  void *p = tm_arena_alloc(&a, 0);
  void *q = tm_arena_alloc(&a, 0);
  assert_non_null(p);
  assert_non_null(q);
  assert_ptr_not_equal(p, q);
  tm_arena_clear(&a);
}

/* Overflowing sizes fail with NULL instead of wrapping around. */
static void test_arena__overflowing_sizes_return_null(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  assert_null(tm_arena_alloc(&a, SIZE_MAX));
  assert_null(tm_arena_alloc(&a, SIZE_MAX - 8));
  assert_null(tm_arena_calloc(&a, SIZE_MAX / 2, 4));
  assert_null(tm_arena_strndup(&a, "x", SIZE_MAX));
  /* the arena is still usable */
  char *s = tm_arena_strndup(&a, "ok", 2);
  assert_string_equal(s, "ok");
  tm_arena_clear(&a);
}

/* strndup copies exactly len bytes (even past a NUL-free prefix of a
 * longer string, and with embedded bytes) and terminates the copy. */
static void test_arena__strndup_copies_and_terminates(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  const char *src = "hello, world";
  char *s = tm_arena_strndup(&a, src, 5);
  assert_non_null(s);
  assert_string_equal(s, "hello");
  assert_ptr_not_equal(s, src);

  char *e = tm_arena_strndup(&a, "ignored", 0);
  assert_non_null(e);
  assert_string_equal(e, "");

  const char bin[] = {'a', '\0', 'b'};
  char *b = tm_arena_strndup(&a, bin, 3);
  assert_memory_equal(b, bin, 3);
  assert_int_equal(b[3], '\0');

  /* a string longer than a block */
  size_t n = 100000;
  char *longsrc = malloc(n);
  assert_non_null(longsrc);
  for (size_t i = 0; i < n; i++) longsrc[i] = (char)('a' + i % 26);
  char *l = tm_arena_strndup(&a, longsrc, n);
  assert_non_null(l);
  assert_memory_equal(l, longsrc, n);
  assert_int_equal(l[n], '\0');
  free(longsrc);
  tm_arena_clear(&a);
}

/* clear frees everything and leaves an empty arena that works again. */
static void test_arena__clear_and_reuse(void **state) {
  (void)state;
  tm_arena a = TM_ARENA_INIT;
  for (int i = 0; i < 5000; i++) assert_non_null(tm_arena_alloc(&a, 100));
  assert_non_null(tm_arena_alloc(&a, 200000));
  assert_true(a.total > 0);
  tm_arena_clear(&a);
  assert_null(a.head);
  assert_int_equal(a.total, 0);

  char *s = tm_arena_strndup(&a, "again", 5);
  assert_string_equal(s, "again");
  assert_int_equal(a.total, 16);
  tm_arena_clear(&a);
  /* clearing an empty arena twice is fine */
  tm_arena_clear(&a);
  assert_null(a.head);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena__many_small_allocations_are_distinct_and_aligned),
      cmocka_unit_test(test_arena__large_allocations_get_their_own_block),
      cmocka_unit_test(test_arena__alignment_is_16_for_every_size),
      cmocka_unit_test(test_arena__zero_size_returns_distinct_pointers),
      cmocka_unit_test(test_arena__overflowing_sizes_return_null),
      cmocka_unit_test(test_arena__strndup_copies_and_terminates),
      cmocka_unit_test(test_arena__clear_and_reuse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
