/*
 * test_text.c - UTF-8 repair, folding for lookups, markup to plain text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/markup.h"
#include "threadmap.h"

static void S_sanitized(const char *in, size_t len, const char *want, size_t want_bad) {
  char *out;
  size_t n, bad;
  assert_int_equal(tm_utf8_sanitize(&out, &n, in, len, &bad), TM_OK);
  assert_string_equal(out, want);
  assert_int_equal(n, strlen(want));
  assert_int_equal(bad, want_bad);
  free(out);
}

static void test_utf8__invalid_sequences_become_replacement(void **state) {
  (void)state;
  S_sanitized("caf\xc3\xa9", 5, "caf\xc3\xa9", 0);            /* valid é */
  S_sanitized("a\xc0\xaf" "b", 4, "a\xef\xbf\xbd" "b", 1);     /* overlong '/' */
  S_sanitized("\xed\xa0\x80x", 4, "\xef\xbf\xbdx", 1);          /* surrogate */
  S_sanitized("\xf4\x90\x80\x80", 4, "\xef\xbf\xbd", 1);        /* > U+10FFFF */
  S_sanitized("ok\xf0\x9f\x9a", 5, "ok\xef\xbf\xbd", 1);        /* cut emoji */
  S_sanitized("\x80\x80z", 3, "\xef\xbf\xbdz", 1);              /* stray continuation */
  S_sanitized("\xf0\x9f\x9a\x80", 4, "\xf0\x9f\x9a\x80", 0);    /* 🚀 */
  S_sanitized("", 0, "", 0);
}

static void S_folded(const char *in, const char *want) {
  char *out;
  size_t n;
  assert_int_equal(tm_text_fold(&out, &n, in, strlen(in)), TM_OK);
  assert_string_equal(out, want);
  free(out);
}

static void test_fold__ascii_fullwidth_ligatures_quotes(void **state) {
  (void)state;
  S_folded("GREAT Product", "great product");
  S_folded("\xef\xbc\xa8\xef\xbc\xa5\xef\xbc\xac\xef\xbc\xac\xef\xbc\xaf", "hello"); /* ＨＥＬＬＯ */
  S_folded("Stra\xc3\x9f" "e", "strasse");
  S_folded("don\xe2\x80\x99t", "don't");
  S_folded("\xe2\x80\x9cquoted\xe2\x80\x9d", "\"quoted\"");
  S_folded("\xef\xac\x81ne", "fine");                 /* ﬁ ligature */
  S_folded("Caf" "e\xcc\x81", "caf\xc3\xa9");          /* e + combining acute */
  S_folded("\xf0\x9f\x98\x82 LOL", "\xf0\x9f\x98\x82 lol");
  char *out;
  assert_int_equal(tm_text_fold(&out, NULL, "bad\xff", 4), TM_EUTF8);
}

/* Run an HTML fragment or plain text through a textbuf into a comment. */
static tm_thread *S_markup(const char *in, int html, unsigned flags) {
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_HN_JSON), TM_OK);
  tm_comment *c = tm__thread_add(t);
  c->id = "x";
  tm_textbuf tb;
  tm__tb_init(&tb);
  if (html) tm__tb_html(&tb, in, strlen(in));
  else tm__tb_plain(&tb, in, strlen(in), flags);
  assert_int_equal(tm__tb_finish(&tb, t, c), TM_OK);
  tm__tb_free(&tb);
  return t;
}

static const tm_span *S_span(const tm_comment *c, uint32_t kind, int nth) {
  for (uint32_t i = 0; i < c->nspans; i++)
    if (c->spans[i].kind == kind && nth-- == 0) return &c->spans[i];
  return NULL;
}

static void S_span_is(const tm_comment *c, const tm_span *s, const char *want) {
  assert_non_null(s);
  assert_int_equal(s->len, strlen(want));
  assert_memory_equal(c->text + s->start, want, s->len);
}

static void test_markup__hn_fragment(void **state) {
  (void)state;
  tm_thread *t = S_markup(
      "First para<p>Second with <i>italics</i> and <a href=\"https:&#x2F;&#x2F;example.com&#x2F;x\" "
      "rel=\"nofollow\">a link</a><p>&gt; quoted line<p>I don&#x27;t agree", 1, 0);
  const tm_comment *c = tm_thread_comment(t, 0);
  assert_string_equal(c->text, "First para\n\nSecond with italics and a link\n\n> quoted line\n\nI don't agree");
  S_span_is(c, S_span(c, TM_SPAN_QUOTE, 0), "quoted line");
  const tm_span *l = S_span(c, TM_SPAN_LINK, 0);
  S_span_is(c, l, "a link");
  assert_string_equal(l->url, "https://example.com/x");
  S_span_is(c, S_span(c, TM_SPAN_EMPH, 0), "italics");
  assert_true(c->flags & TM_CF_HAS_QUOTE);
  assert_false(c->flags & TM_CF_HAS_CODE);
  tm_thread_free(t);
}

static void test_markup__pre_keeps_space_and_is_not_a_quote(void **state) {
  (void)state;
  tm_thread *t = S_markup("Run this:<p><pre><code>  $ make\n&gt; not a quote\n</code></pre>Done", 1, 0);
  const tm_comment *c = tm_thread_comment(t, 0);
  assert_non_null(strstr(c->text, "  $ make\n> not a quote"));
  assert_null(S_span(c, TM_SPAN_QUOTE, 0));
  const tm_span *code = S_span(c, TM_SPAN_CODE, 0);
  assert_non_null(code);
  assert_true(code->len > 6 && strncmp(c->text + code->start, "  $ make", 8) == 0);
  assert_true(c->flags & TM_CF_HAS_CODE);
  tm_thread_free(t);
}

static void test_markup__blockquote_lines_marked(void **state) {
  (void)state;
  tm_thread *t = S_markup("<div class=\"md\"><blockquote><p>they said this</p><p>and that</p></blockquote>"
                          "<p>No, <strong>wrong</strong>.</p></div>", 1, 0);
  const tm_comment *c = tm_thread_comment(t, 0);
  assert_string_equal(c->text, "> they said this\n\n> and that\n\nNo, wrong.");
  S_span_is(c, S_span(c, TM_SPAN_QUOTE, 0), "they said this");
  S_span_is(c, S_span(c, TM_SPAN_QUOTE, 1), "and that");
  tm_thread_free(t);
}

static void test_markup__entities(void **state) {
  (void)state;
  tm_thread *t = S_markup("it&#8217;s &#x1F680; &#150; AT&T &foo; &amp;&lt;b&gt;", 1, 0);
  assert_string_equal(tm_thread_comment(t, 0)->text,
                      "it\xe2\x80\x99s \xf0\x9f\x9a\x80 \xe2\x80\x93 AT&T &foo; &<b>");
  tm_thread_free(t);
}

static void test_markup__hn_shortened_link_restored(void **state) {
  (void)state;
  tm_thread *t = S_markup("see <a href=\"https://example.com/a/very/long/path/file.py\">"
                          "https://example.com/a/very/long/pa...</a> ok", 1, 0);
  assert_string_equal(tm_thread_comment(t, 0)->text,
                      "see https://example.com/a/very/long/path/file.py ok");
  tm_thread_free(t);
}

static void test_markup__script_skipped_unbalanced_ok(void **state) {
  (void)state;
  tm_thread *t = S_markup("a<script>alert(1)</script>b <i>open <b>never closed", 1, 0);
  assert_string_equal(tm_thread_comment(t, 0)->text, "ab open never closed");
  tm_thread_free(t);
}

static void test_markup__plain_fences_and_inline_code(void **state) {
  (void)state;
  tm_thread *t = S_markup("> you said `x`\nuse `pip install`:\n```\n> prompt\n```\nthanks &gt; all", 0,
                          TM_PLAIN_DECODE_BASIC);
  const tm_comment *c = tm_thread_comment(t, 0);
  assert_string_equal(c->text, "> you said x\nuse pip install:\n> prompt\nthanks > all");
  S_span_is(c, S_span(c, TM_SPAN_QUOTE, 0), "you said x");
  /* the "> prompt" inside the fence is code, not a quote */
  assert_null(S_span(c, TM_SPAN_QUOTE, 1));
  S_span_is(c, S_span(c, TM_SPAN_CODE, 1), "pip install");
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8__invalid_sequences_become_replacement),
      cmocka_unit_test(test_fold__ascii_fullwidth_ligatures_quotes),
      cmocka_unit_test(test_markup__hn_fragment),
      cmocka_unit_test(test_markup__pre_keeps_space_and_is_not_a_quote),
      cmocka_unit_test(test_markup__blockquote_lines_marked),
      cmocka_unit_test(test_markup__entities),
      cmocka_unit_test(test_markup__hn_shortened_link_restored),
      cmocka_unit_test(test_markup__script_skipped_unbalanced_ok),
      cmocka_unit_test(test_markup__plain_fences_and_inline_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
