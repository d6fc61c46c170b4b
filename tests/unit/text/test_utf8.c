/*
 * test_utf8.c - UTF-8 repair and folding (src/text/utf8.c).
 */
#include "helpers.h"
#include "text/utf8.h"

#define FFFD "\xEF\xBF\xBD"

/* Sanitize `in` (with its length, so embedded bytes are kept) and compare
 * with `want` and the number of replacements. */
static void S_sanitize(const char *in, size_t inlen, const char *want,
                       size_t want_bad) {
  char *out = NULL;
  size_t outlen = 0, nbad = 999;
  assert_int_equal(tm_utf8_sanitize(&out, &outlen, in, inlen, &nbad), TM_OK);
  assert_non_null(out);
  if (outlen != strlen(want) || memcmp(out, want, outlen) != 0) {
    print_error("sanitize gave %zu bytes:", outlen);
    for (size_t i = 0; i < outlen; i++) print_error(" %02X", (unsigned char)out[i]);
    print_error("\n");
  }
  assert_int_equal(outlen, strlen(want));
  assert_memory_equal(out, want, outlen);
  assert_int_equal(out[outlen], '\0');
  assert_int_equal(nbad, want_bad);
  /* the result is valid UTF-8 by the library's own check */
  assert_true(tm__utf8_valid(out, outlen));
  free(out);
}
#define SANITIZE(lit, want, nbad) S_sanitize((lit), TMT_LEN(lit), (want), (nbad))

static void test_utf8__overlong_c0_af_replaced(void **state) {
  (void)state;
  /* C0 AF is an overlong '/', the classic path-traversal trick */
  SANITIZE("a\xC0\xAF" "b", "a" FFFD "b", 1);
  /* overlong 3-byte (E0 80 AF) and 4-byte (F0 80 80 AF) forms of '/' */
  SANITIZE("x\xE0\x80\xAFy", "x" FFFD "y", 1);
  SANITIZE("x\xF0\x80\x80\xAFy", "x" FFFD "y", 1);
  /* C1 is never valid either */
  SANITIZE("\xC1\xBF", FFFD, 1);
}

static void test_utf8__surrogate_replaced(void **state) {
  (void)state;
  /* ED A0 80 encodes U+D800, a high surrogate (CESU-8 style) */
  SANITIZE("ok \xED\xA0\x80 ok", "ok " FFFD " ok", 1);
  /* a CESU-8 pair for U+1F600: two surrogates, two replacements */
  SANITIZE("\xED\xA0\xBD\xED\xB8\x80", FFFD FFFD, 2);
  /* ED 9F BF (U+D7FF) is just below the surrogates: valid */
  SANITIZE("\xED\x9F\xBF", "\xED\x9F\xBF", 0);
}

static void test_utf8__truncated_sequences_replaced(void **state) {
  (void)state;
  /* the first three bytes of U+1F680 (F0 9F 9A 80), then ASCII */
  SANITIZE("go \xF0\x9F\x9A!", "go " FFFD "!", 1);
  /* ... at the very end of the input */
  SANITIZE("go \xF0\x9F\x9A", "go " FFFD, 1);
  /* a cut 3-byte sequence followed by a valid 2-byte one */
  SANITIZE("\xE2\x82" "\xC3\xA9", FFFD "\xC3\xA9", 1);
  /* a lone lead byte at the end */
  SANITIZE("caf\xC3", "caf" FFFD, 1);
}

static void test_utf8__stray_continuation_bytes_replaced(void **state) {
  (void)state;
  SANITIZE("\x80" "abc", FFFD "abc", 1);
  /* a run of continuation bytes is one invalid sequence */
  SANITIZE("a\x80\x81\xBF" "b", "a" FFFD "b", 1);
  /* separated stray bytes are separate sequences */
  SANITIZE("\x80" "a" "\x80", FFFD "a" FFFD, 2);
  /* bytes that never occur in UTF-8 */
  SANITIZE("\xFE\xFF", FFFD FFFD, 2);
  /* Latin-1 text mistaken for UTF-8: "café" with E9 */
  SANITIZE("caf\xE9 au lait", "caf" FFFD " au lait", 1);
}

static void test_utf8__above_u10ffff_replaced(void **state) {
  (void)state;
  /* F4 90 80 80 would be U+110000 */
  SANITIZE("[\xF4\x90\x80\x80]", "[" FFFD "]", 1);
  /* F5..F7 leads are out of range too */
  SANITIZE("[\xF5\x80\x80\x80]", "[" FFFD "]", 1);
  /* U+10FFFF itself (F4 8F BF BF) is fine */
  SANITIZE("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 0);
}

static void test_utf8__valid_multibyte_untouched(void **state) {
  (void)state;
  const char *s = "h\xC3\xA9llo w\xC3\xB6rld \xE2\x80\x94 \xF0\x9F\x9A\x80 "
                  "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xC2\xA0\xC2\xBD";
  S_sanitize(s, strlen(s), s, 0);
  SANITIZE("", "", 0);
  SANITIZE("plain ASCII, 100% safe\n\t", "plain ASCII, 100% safe\n\t", 0);
  /* an embedded NUL is valid UTF-8 and kept */
  char *out;
  size_t outlen;
  assert_int_equal(tm_utf8_sanitize(&out, &outlen, "a\0b", 3, NULL), TM_OK);
  assert_int_equal(outlen, 3);
  assert_memory_equal(out, "a\0b", 3);
  free(out);
}

/* Several kinds of damage in one text: every one is counted once. */
static void test_utf8__counts_mixed_damage(void **state) {
  (void)state;
  SANITIZE("\xC0\xAF|\xED\xA0\x80|\xF0\x9F\x9A|\x80|\xF4\x90\x80\x80|\xC3\xA9",
           FFFD "|" FFFD "|" FFFD "|" FFFD "|" FFFD "|\xC3\xA9", 5);
}

/* The internal decoder: lengths and code points of valid sequences, 0 for
 * invalid ones. */
static void test_utf8__decode_lengths_and_code_points(void **state) {
  (void)state;
  int32_t cp = -1;
  assert_int_equal(tm__utf8_decode((const unsigned char *)"A", 1, &cp), 1);
  assert_int_equal(cp, 'A');
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
  assert_int_equal(cp, 0xE9);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xE2\x80\x99", 3, &cp), 3);
  assert_int_equal(cp, 0x2019);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xF0\x9F\x9A\x80", 4, &cp), 4);
  assert_int_equal(cp, 0x1F680);
  /* the length limit is honoured: a valid sequence cut by len is invalid */
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xF0\x9F\x9A\x80", 3, &cp), 0);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
  assert_int_equal(tm__utf8_decode((const unsigned char *)"\xBF", 1, &cp), 0);
}

/* Encoding code points, including ones that cannot be encoded. */
static void test_utf8__put_encodes_and_replaces_invalid(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm__utf8_put(&b, 'x'), TM_OK);
  assert_int_equal(tm__utf8_put(&b, 0xE9), TM_OK);
  assert_int_equal(tm__utf8_put(&b, 0x2013), TM_OK);
  assert_int_equal(tm__utf8_put(&b, 0x1F680), TM_OK);
  assert_string_equal(b.ptr, "x\xC3\xA9\xE2\x80\x93\xF0\x9F\x9A\x80");
  tm_buf_reset(&b);
  assert_int_equal(tm__utf8_put(&b, 0xD800), TM_OK);
  assert_int_equal(tm__utf8_put(&b, 0x110000), TM_OK);
  assert_int_equal(tm__utf8_put(&b, -5), TM_OK);
  assert_string_equal(b.ptr, FFFD FFFD FFFD);
  tm_buf_free(&b);
}

/* ---------------------------------------------------------------- fold */

static void S_fold(const char *in, size_t inlen, const char *want) {
  char *out = NULL;
  size_t outlen = 0;
  int rc = tm_text_fold(&out, &outlen, in, inlen);
  if (rc != TM_OK) print_error("fold(\"%s\") failed: %d\n", in, rc);
  assert_int_equal(rc, TM_OK);
  assert_non_null(out);
  if (strcmp(out, want) != 0) print_error("fold(\"%s\") = \"%s\", want \"%s\"\n", in, out, want);
  assert_string_equal(out, want);
  assert_int_equal(outlen, strlen(want));
  free(out);
}
#define FOLD(lit, want) S_fold((lit), TMT_LEN(lit), (want))

static void test_utf8__fold_ascii_lowercase(void **state) {
  (void)state;
  FOLD("Hello WORLD, It's 2026!", "hello world, it's 2026!");
  FOLD("already lower", "already lower");
  FOLD("", "");
  FOLD("@#[]^_`{|}~ AZaz09", "@#[]^_`{|}~ azaz09");
}

static void test_utf8__fold_fullwidth(void **state) {
  (void)state;
  /* U+FF28 U+FF25 U+FF2C U+FF2C U+FF2F */
  FOLD("\xEF\xBC\xA8\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAF", "hello");
  FOLD("say \xEF\xBC\xA8\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAF!", "say hello!");
}

static void test_utf8__fold_sharp_s(void **state) {
  (void)state;
  FOLD("Stra\xC3\x9F" "e", "strasse");
  FOLD("STRASSE", "strasse");
}

static void test_utf8__fold_curly_apostrophe_and_quotes(void **state) {
  (void)state;
  FOLD("don\xE2\x80\x99t", "don't");
  FOLD("Don\xE2\x80\x99T", "don't");
  FOLD("\xE2\x80\x9Cquoted\xE2\x80\x9D", "\"quoted\"");
  FOLD("\xE2\x80\x98single\xE2\x80\x99", "'single'");
  FOLD("2020\xE2\x80\x93" "2026", "2020-2026"); /* en dash */
}

static void test_utf8__fold_ligature(void **state) {
  (void)state;
  FOLD("\xEF\xAC\x81ne", "fine");          /* U+FB01 */
  FOLD("The \xEF\xAC\x81" "nal", "the final");
  FOLD("\xEF\xAC\x80" "ect", "ffect");      /* U+FB00 ff */
}

static void test_utf8__fold_composes_decomposed(void **state) {
  (void)state;
  /* "e" + U+0301 COMBINING ACUTE becomes U+00E9 */
  FOLD("e\xCC\x81", "\xC3\xA9");
  FOLD("caf" "e\xCC\x81", "caf\xC3\xA9");
  /* an uppercase ASCII base letter is folded and composed too */
  FOLD("CAFE\xCC\x81", "caf\xC3\xA9");
  /* precomposed and decomposed forms fold to the same text */
  FOLD("Caf\xC3\x89", "caf\xC3\xA9");
}

static void test_utf8__fold_non_latin(void **state) {
  (void)state;
  FOLD("\xC3\x9C" "ber M\xC3\x9CNCHEN", "\xC3\xBC" "ber m\xC3\xBC" "nchen");
  /* Greek capitals fold to small letters */
  FOLD("\xCE\x91\xCE\x92\xCE\x93", "\xCE\xB1\xCE\xB2\xCE\xB3");
  /* an emoji passes through */
  FOLD("ok \xF0\x9F\x9A\x80", "ok \xF0\x9F\x9A\x80");
}

static void test_utf8__fold_invalid_utf8_is_eutf8(void **state) {
  (void)state;
  char *out = (char *)"sentinel";
  assert_int_equal(tm_text_fold(&out, NULL, "abc\xC0\xAF", 5), TM_EUTF8);
  assert_null(out);
  out = (char *)"sentinel";
  assert_int_equal(tm_text_fold(&out, NULL, "\x80", 1), TM_EUTF8);
  assert_null(out);
  out = (char *)"sentinel";
  assert_int_equal(tm_text_fold(&out, NULL, "A\xED\xA0\x80", 4), TM_EUTF8);
  assert_null(out);
  out = (char *)"sentinel";
  assert_int_equal(tm_text_fold(&out, NULL, "cut \xF0\x9F\x9A", 7), TM_EUTF8);
  assert_null(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8__overlong_c0_af_replaced),
      cmocka_unit_test(test_utf8__surrogate_replaced),
      cmocka_unit_test(test_utf8__truncated_sequences_replaced),
      cmocka_unit_test(test_utf8__stray_continuation_bytes_replaced),
      cmocka_unit_test(test_utf8__above_u10ffff_replaced),
      cmocka_unit_test(test_utf8__valid_multibyte_untouched),
      cmocka_unit_test(test_utf8__counts_mixed_damage),
      cmocka_unit_test(test_utf8__decode_lengths_and_code_points),
      cmocka_unit_test(test_utf8__put_encodes_and_replaces_invalid),
      cmocka_unit_test(test_utf8__fold_ascii_lowercase),
      cmocka_unit_test(test_utf8__fold_fullwidth),
      cmocka_unit_test(test_utf8__fold_sharp_s),
      cmocka_unit_test(test_utf8__fold_curly_apostrophe_and_quotes),
      cmocka_unit_test(test_utf8__fold_ligature),
      cmocka_unit_test(test_utf8__fold_composes_decomposed),
      cmocka_unit_test(test_utf8__fold_non_latin),
      cmocka_unit_test(test_utf8__fold_invalid_utf8_is_eutf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
