/*
 * test_buf.c - the growable byte buffer with a ceiling (src/util/buf.c).
 */
#include "helpers.h"
#include "util/buf.h"

/* Appending many pieces grows the buffer, keeps every byte, and keeps the
 * contents NUL-terminated after each append. */
static void test_buf__growth_keeps_contents_and_nul(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  assert_null(b.ptr);
  char expect[10000];
  size_t n = 0;
  for (int i = 0; i < 1000; i++) {
    char piece[16];
    int k = snprintf(piece, sizeof piece, "%d,", i);
    assert_int_equal(tm_buf_put(&b, piece, (size_t)k), TM_OK);
    memcpy(expect + n, piece, (size_t)k);
    n += (size_t)k;
    assert_int_equal(b.len, n);
    assert_true(b.cap > b.len);
    assert_int_equal(b.ptr[b.len], '\0');
  }
  assert_memory_equal(b.ptr, expect, n);
  assert_int_equal(strlen(b.ptr), n);
  tm_buf_free(&b);
  assert_null(b.ptr);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
}

/* putc, puts and embedded NUL bytes through put. */
static void test_buf__putc_puts_and_binary(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  for (int i = 0; i < 300; i++) assert_int_equal(tm_buf_putc(&b, (char)('a' + i % 26)), TM_OK);
  assert_int_equal(b.len, 300);
  assert_int_equal(b.ptr[0], 'a');
  assert_int_equal(b.ptr[26], 'a');
  assert_int_equal(b.ptr[299], 'a' + 299 % 26);
  assert_int_equal(b.ptr[300], '\0');
  tm_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(b.ptr, "");
  assert_int_equal(tm_buf_puts(&b, "AT&T"), TM_OK);
  assert_int_equal(tm_buf_put(&b, "\0x", 2), TM_OK);
  assert_int_equal(b.len, 6);
  assert_memory_equal(b.ptr, "AT&T\0x", 7);
  /* an empty put on a fresh buffer allocates an empty string */
  tm_buf e = TM_BUF_INIT;
  assert_int_equal(tm_buf_put(&e, "", 0), TM_OK);
  assert_non_null(e.ptr);
  assert_string_equal(e.ptr, "");
  tm_buf_free(&e);
  tm_buf_free(&b);
}

/* reset keeps the allocation. */
static void test_buf__reset_keeps_memory(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm_buf_puts(&b, "some text that is long enough"), TM_OK);
  char *p = b.ptr;
  size_t cap = b.cap;
  tm_buf_reset(&b);
  assert_ptr_equal(b.ptr, p);
  assert_int_equal(b.cap, cap);
  assert_int_equal(b.len, 0);
  assert_int_equal(tm_buf_puts(&b, "x"), TM_OK);
  assert_string_equal(b.ptr, "x");
  tm_buf_free(&b);
}

/* With max = 10, exactly 10 bytes fit; the 11th fails with TM_ELIMIT and
 * leaves the contents as they were. */
static void test_buf__ceiling_gives_elimit(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  b.max = 10;
  assert_int_equal(tm_buf_put(&b, "0123456", 7), TM_OK);
  assert_int_equal(tm_buf_put(&b, "789", 3), TM_OK);
  assert_int_equal(b.len, 10);
  assert_int_equal(tm_buf_put(&b, "x", 1), TM_ELIMIT);
  assert_int_equal(tm_buf_puts(&b, "xyz"), TM_ELIMIT);
  assert_int_equal(tm_buf_printf(&b, "%d", 5), TM_ELIMIT);
  assert_int_equal(b.len, 10);
  assert_string_equal(b.ptr, "0123456789");
  /* an empty append still succeeds at the ceiling */
  assert_int_equal(tm_buf_put(&b, "", 0), TM_OK);
  /* after a reset there is room again */
  tm_buf_reset(&b);
  assert_int_equal(tm_buf_puts(&b, "abcdefghij"), TM_OK);
  assert_int_equal(tm_buf_puts(&b, "k"), TM_ELIMIT);
  tm_buf_free(&b);
}

/* Regression (was a bug in tm_buf_putc, fixed in 851e65b): the fast path
 * appended without looking at b->max once the allocation (at least 64
 * bytes) was larger than the ceiling. */
static void test_buf__putc_respects_ceiling(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  b.max = 10;
  assert_int_equal(tm_buf_puts(&b, "0123456789"), TM_OK);
  assert_true(b.cap > 11); /* the fast path is reachable */
  int rc = tm_buf_putc(&b, 'x');
  assert_int_equal(b.len, 10);
  assert_int_equal(rc, TM_ELIMIT);
  assert_string_equal(b.ptr, "0123456789");
  tm_buf_free(&b);
}

/* A single append larger than the ceiling, and a request so large that
 * len + extra would overflow, both fail with TM_ELIMIT (not ENOMEM and not
 * a wrapped-around small allocation). */
static void test_buf__huge_requests_are_limited(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  b.max = 4;
  assert_int_equal(tm_buf_put(&b, "12345", 5), TM_ELIMIT);
  assert_null(b.ptr);
  tm_buf u = TM_BUF_INIT; /* max 0 = SIZE_MAX/2 */
  assert_int_equal(tm_buf_puts(&u, "ab"), TM_OK);
  assert_int_equal(tm_buf_grow(&u, SIZE_MAX - 1), TM_ELIMIT);
  assert_int_equal(tm_buf_grow(&u, SIZE_MAX / 2), TM_ELIMIT);
  assert_string_equal(u.ptr, "ab");
  tm_buf_free(&u);
  tm_buf_free(&b);
}

/* printf: short output, output longer than the internal 256-byte scratch,
 * and appends after existing contents. */
static void test_buf__printf_short_and_long(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm_buf_printf(&b, "id=%s depth=%u", "41022436", 3u), TM_OK);
  assert_string_equal(b.ptr, "id=41022436 depth=3");
  char big[1001];
  memset(big, 'z', 1000);
  big[1000] = '\0';
  assert_int_equal(tm_buf_printf(&b, "[%s]%d", big, 42), TM_OK);
  assert_int_equal(b.len, 19 + 1 + 1000 + 1 + 2);
  assert_memory_equal(b.ptr, "id=41022436 depth=3[z", 21);
  assert_string_equal(b.ptr + b.len - 4, "z]42");
  assert_int_equal(b.ptr[b.len], '\0');
  assert_int_equal(strlen(b.ptr), b.len);
  tm_buf_free(&b);
}

/* printf output longer than 256 bytes with a ceiling below it. */
static void test_buf__printf_long_respects_ceiling(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  b.max = 300;
  char big[400];
  memset(big, 'q', 399);
  big[399] = '\0';
  assert_int_equal(tm_buf_printf(&b, "%s", big), TM_ELIMIT);
  assert_int_equal(b.len, 0);
  big[290] = '\0';
  assert_int_equal(tm_buf_printf(&b, "%s", big), TM_OK);
  assert_int_equal(b.len, 290);
  tm_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_buf__growth_keeps_contents_and_nul),
      cmocka_unit_test(test_buf__putc_puts_and_binary),
      cmocka_unit_test(test_buf__reset_keeps_memory),
      cmocka_unit_test(test_buf__ceiling_gives_elimit),
      cmocka_unit_test(test_buf__putc_respects_ceiling),
      cmocka_unit_test(test_buf__huge_requests_are_limited),
      cmocka_unit_test(test_buf__printf_short_and_long),
      cmocka_unit_test(test_buf__printf_long_respects_ceiling),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
