/*
 * test_markup.c - comment markup to plain text with spans
 * (src/text/markup.c), driven through a tm_textbuf and finished into a
 * comment of a real thread, as the parsers do.
 */
#include "helpers.h"
#include "text/markup.h"
#include "thread/thread.h"

enum { HTML = 0, PLAIN = 1, PLAIN_DECODE = 2 };

/* One converted comment and the thread that owns its text. */
typedef struct {
  tm_thread *t;
  const tm_comment *c;
} S_conv;

static S_conv S_convert_n(const char *in, size_t len, int mode) {
  S_conv r;
  assert_int_equal(tm__thread_new(&r.t, NULL, TM_FMT_HN_HTML), TM_OK);
  tm_comment *c = tm__thread_add(r.t);
  assert_non_null(c);
  c->id = "1";
  tm_textbuf tb;
  tm__tb_init(&tb);
  if (mode == HTML) tm__tb_html(&tb, in, len);
  else tm__tb_plain(&tb, in, len, mode == PLAIN_DECODE ? TM_PLAIN_DECODE_BASIC : 0);
  assert_int_equal(tm__tb_finish(&tb, r.t, c), TM_OK);
  tm__tb_free(&tb);
  r.c = c;
  assert_non_null(c->text);
  assert_int_equal(strlen(c->text), c->text_len);
  /* spans are in text order and inside the text */
  for (uint32_t k = 0; k < c->nspans; k++) {
    assert_true((size_t)c->spans[k].start + c->spans[k].len <= c->text_len);
    assert_true(c->spans[k].len > 0);
    if (k) assert_true(c->spans[k - 1].start <= c->spans[k].start);
  }
  return r;
}

static S_conv S_convert(const char *in, int mode) {
  return S_convert_n(in, strlen(in), mode);
}

static void S_done(S_conv *r) { tm_thread_free(r->t); }

#define assert_text(conv, want)                                           \
  do {                                                                    \
    if (strcmp((conv).c->text, (want)) != 0)                              \
      print_error("text is \"%s\"\nwant    \"%s\"\n", (conv).c->text, (want)); \
    assert_string_equal((conv).c->text, (want));                          \
  } while (0)

/* ------------------------------------------------------------- HN HTML */

/* A Hacker News comment fragment: the first paragraph has no <p>, later
 * ones start with a bare <p>; italics, an entity-escaped link target, and a
 * "&gt; " line that HN users write for quotes. */
static void test_markup__hn_fragment_paragraphs_entities_and_spans(void **state) {
  (void)state;
  S_conv r = S_convert(
      "First para<p>Second with <i>italics</i> and <a "
      "href=\"https:&#x2F;&#x2F;example.com&#x2F;x\" rel=\"nofollow\">a link</a>"
      "<p>&gt; quoted line<p>reply",
      HTML);
  assert_text(r, "First para\n\nSecond with italics and a link\n\n> quoted line\n\nreply");
  const tm_comment *c = r.c;
  assert_int_equal(c->nspans, 3);
  assert_int_equal(tmt_span_count(c, TM_SPAN_QUOTE), 1);
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_QUOTE, 0), "quoted line");
  const tm_span *link = tmt_span(c, TM_SPAN_LINK, 0);
  tmt_assert_span_text(c, link, "a link");
  assert_non_null(link->url);
  assert_string_equal(link->url, "https://example.com/x");
  const tm_span *em = tmt_span(c, TM_SPAN_EMPH, 0);
  tmt_assert_span_text(c, em, "italics");
  assert_null(em->url);
  assert_true(c->flags & TM_CF_HAS_QUOTE);
  assert_false(c->flags & TM_CF_HAS_CODE);
  S_done(&r);
}

/* <pre><code> keeps spaces and line breaks, is one code span, and a "> "
 * line inside it (a shell prompt, a diff) is not a quote. */
static void test_markup__hn_pre_code_keeps_whitespace_not_quote(void **state) {
  (void)state;
  S_conv r = S_convert(
      "Try this:<p><pre><code>  $ make\n  &gt; not a quote\n    indented();\n"
      "</code></pre>Done.",
      HTML);
  assert_text(r, "Try this:\n\n  $ make\n  > not a quote\n    indented();\n\nDone.");
  const tm_comment *c = r.c;
  assert_int_equal(tmt_span_count(c, TM_SPAN_QUOTE), 0);
  assert_int_equal(tmt_span_count(c, TM_SPAN_CODE), 1);
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_CODE, 0),
                       "  $ make\n  > not a quote\n    indented();");
  assert_true(c->flags & TM_CF_HAS_CODE);
  assert_false(c->flags & TM_CF_HAS_QUOTE);
  S_done(&r);
}

/* Blank lines inside <pre> survive; outside they collapse. */
static void test_markup__pre_keeps_blank_lines_text_collapses(void **state) {
  (void)state;
  S_conv r = S_convert("<p>It&#x27;s   <code>x &lt; y</code>\n\n here</p><pre><code>a\n\n\nb</code></pre>",
                       HTML);
  assert_text(r, "It's x < y here\n\na\n\n\nb");
  assert_int_equal(tmt_span_count(r.c, TM_SPAN_CODE), 2);
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_CODE, 0), "x < y");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_CODE, 1), "a\n\n\nb");
  S_done(&r);
}

/* HN cuts long link texts to "https://github.com/.../de..."; the full
 * target replaces the cut text so no part of the URL is lost. */
static void test_markup__hn_cut_link_text_is_expanded(void **state) {
  (void)state;
  S_conv r = S_convert(
      "See <a href=\"https:&#x2F;&#x2F;github.com&#x2F;orcalabs-example&#x2F;orca-2&#x2F;"
      "blob&#x2F;main&#x2F;eval&#x2F;decontaminate.py\" rel=\"nofollow\">https:&#x2F;&#x2F;"
      "github.com&#x2F;orcalabs-example&#x2F;orca-2&#x2F;blob&#x2F;main&#x2F;eval&#x2F;de...</a> ok",
      HTML);
  const char *url = "https://github.com/orcalabs-example/orca-2/blob/main/eval/decontaminate.py";
  char want[200];
  snprintf(want, sizeof want, "See %s ok", url);
  assert_text(r, want);
  const tm_span *l = tmt_span(r.c, TM_SPAN_LINK, 0);
  tmt_assert_span_text(r.c, l, url);
  assert_string_equal(l->url, url);
  S_done(&r);
  /* a link text that merely ends in "..." but is not the URL stays */
  r = S_convert("<a href=\"https://example.com/a\">wait for it...</a>", HTML);
  assert_text(r, "wait for it...");
  S_done(&r);
}

/* ------------------------------------------------------------- Reddit */

/* Reddit body_html: <div class="md"> with <p> and <blockquote>; quoted
 * lines get a "> " prefix and a quote span each. */
static void test_markup__reddit_blockquote_lines_are_quotes(void **state) {
  (void)state;
  S_conv r = S_convert(
      "<div class=\"md\"><p>I disagree.</p>\n"
      "<blockquote>\n<p>The model is <em>clearly</em> better.</p>\n"
      "<p>Second quoted para</p>\n</blockquote>\n"
      "<p>Not really.</p>\n</div>",
      HTML);
  assert_text(r, "I disagree.\n\n> The model is clearly better.\n\n> Second quoted para\n\nNot really.");
  const tm_comment *c = r.c;
  assert_int_equal(tmt_span_count(c, TM_SPAN_QUOTE), 2);
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_QUOTE, 0), "The model is clearly better.");
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_QUOTE, 1), "Second quoted para");
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_EMPH, 0), "clearly");
  assert_true(c->flags & TM_CF_HAS_QUOTE);
  S_done(&r);
}

static void test_markup__nested_blockquotes(void **state) {
  (void)state;
  S_conv r = S_convert(
      "<blockquote><blockquote><p>inner</p></blockquote><p>outer</p></blockquote><p>me</p>",
      HTML);
  assert_text(r, "> > inner\n\n> outer\n\nme");
  assert_int_equal(tmt_span_count(r.c, TM_SPAN_QUOTE), 2);
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 0), "inner");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 1), "outer");
  S_done(&r);
}

/* Regression (was a bug in S_span_open, fixed in 1263082): inside a
 * <blockquote>, the "> " prefix of a line is written lazily, and a span
 * opened at the start of the line used to record its start before it, so
 * the span covered the prefix ("> Emph" instead of "Emph").  Reddit
 * body_html often starts a quoted paragraph with a link or emphasis. */
static void test_markup__span_at_quoted_line_start_excludes_prefix(void **state) {
  (void)state;
  S_conv r = S_convert(
      "<blockquote><p><em>Emph</em> start</p><p><a href=\"https://x.example/\">link</a> "
      "first</p></blockquote>",
      HTML);
  assert_text(r, "> Emph start\n\n> link first");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_EMPH, 0), "Emph");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_LINK, 0), "link");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 0), "Emph start");
  S_done(&r);
}

static void test_markup__lists_and_line_breaks(void **state) {
  (void)state;
  S_conv r = S_convert(
      "<ul>\n<li>one</li>\n<li>two <strong>bold</strong></li>\n</ul>\n<p>line<br>break<br/>again</p>",
      HTML);
  assert_text(r, "one\ntwo bold\n\nline\nbreak\nagain");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_EMPH, 0), "bold");
  S_done(&r);
}

/* Regression (was a bug in tm__tb_text, fixed in 1263082): white space
 * must collapse across element boundaries as in a browser; "a <code> x
 * </code>" used to give "a  x" with the code span " x". */
static void test_markup__whitespace_collapses_across_inline_elements(void **state) {
  (void)state;
  S_conv r = S_convert("ab <code> spaced </code> end <i> it </i>.", HTML);
  assert_text(r, "ab spaced end it .");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_CODE, 0), "spaced");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_EMPH, 0), "it");
  S_done(&r);
}

/* ------------------------------------------------------------- plain */

/* ``` fences: the fence lines disappear, the lines between are one code
 * span kept verbatim, and a "> " line inside is not a quote. */
static void test_markup__plain_fenced_code(void **state) {
  (void)state;
  S_conv r = S_convert("Here is code:\n```\n> not a quote\n  x = 1\n```\nafter it", PLAIN);
  assert_text(r, "Here is code:\n> not a quote\n  x = 1\nafter it");
  const tm_comment *c = r.c;
  assert_int_equal(tmt_span_count(c, TM_SPAN_CODE), 1);
  assert_int_equal(tmt_span_count(c, TM_SPAN_QUOTE), 0);
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_CODE, 0), "> not a quote\n  x = 1");
  assert_true(c->flags & TM_CF_HAS_CODE);
  assert_false(c->flags & TM_CF_HAS_QUOTE);
  S_done(&r);
  /* an unclosed fence runs to the end */
  r = S_convert("text\n```python\nprint(1)\n", PLAIN);
  assert_text(r, "text\nprint(1)");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_CODE, 0), "print(1)");
  S_done(&r);
}

static void test_markup__plain_inline_code(void **state) {
  (void)state;
  S_conv r = S_convert("Use `make -j2` and `ctest`, not `make` alone; one ` stray", PLAIN);
  assert_text(r, "Use make -j2 and ctest, not make alone; one ` stray");
  const tm_comment *c = r.c;
  assert_int_equal(tmt_span_count(c, TM_SPAN_CODE), 3);
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_CODE, 0), "make -j2");
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_CODE, 1), "ctest");
  tmt_assert_span_text(c, tmt_span(c, TM_SPAN_CODE, 2), "make");
  assert_true(c->flags & TM_CF_HAS_CODE);
  S_done(&r);
}

/* Plain text keeps its lines; "> " lines are quotes; CRLF line ends. */
static void test_markup__plain_quotes_and_crlf(void **state) {
  (void)state;
  S_conv r = S_convert("> 52.4 vs 49.8\r\n\r\nThat's a tie.\r\n>> nested\r\n", PLAIN);
  assert_text(r, "> 52.4 vs 49.8\n\nThat's a tie.\n>> nested");
  assert_int_equal(tmt_span_count(r.c, TM_SPAN_QUOTE), 2);
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 0), "52.4 vs 49.8");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 1), "nested");
  S_done(&r);
}

/* Reddit's Markdown body escapes &, < and >: decoded with DECODE_BASIC, so
 * "&gt; quoted" becomes a quote. */
static void test_markup__plain_reddit_body_decoded(void **state) {
  (void)state;
  S_conv r = S_convert("&gt; quoted md\n\nnormal &amp; fine &lt;3", PLAIN_DECODE);
  assert_text(r, "> quoted md\n\nnormal & fine <3");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 0), "quoted md");
  S_done(&r);
  /* without the flag the entities stay as typed */
  r = S_convert("&gt; not decoded", PLAIN);
  assert_text(r, "&gt; not decoded");
  assert_int_equal(r.c->nspans, 0);
  S_done(&r);
}

/* ------------------------------------------------------------ entities */

static void test_markup__numeric_entities(void **state) {
  (void)state;
  S_conv r = S_convert("it&#8217;s &#x1F680; &#X1f680; 2020&#150;2026 &#128;5 &#39;x&#39;", HTML);
  /* &#150; and &#128; are Windows-1252 C1 codes: en dash and euro sign */
  assert_text(r, "it\xE2\x80\x99s \xF0\x9F\x9A\x80 \xF0\x9F\x9A\x80 2020\xE2\x80\x93"
                 "2026 \xE2\x82\xAC" "5 'x'");
  S_done(&r);
  /* NUL, surrogates and out-of-range references become U+FFFD */
  r = S_convert("a&#0;b&#xD800;c&#1114112;d", HTML);
  assert_text(r, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
  S_done(&r);
}

static void test_markup__named_and_unknown_entities(void **state) {
  (void)state;
  S_conv r = S_convert("a &foo; b AT&T c &amp d &lt;tag&gt; &quot;q&quot; &copy; &eacute;t&eacute; &; & x",
                       HTML);
  /* unknown "&foo;" and the bare "&" of "AT&T" are kept literally; the
   * classic four are accepted without ';' */
  assert_text(r, "a &foo; b AT&T c & d <tag> \"q\" \xC2\xA9 \xC3\xA9t\xC3\xA9 &; & x");
  S_done(&r);
  /* other names need their ';' (as in "&copy2026") */
  r = S_convert("&copy2026 &nbsp;x", HTML);
  assert_text(r, "&copy2026 \xC2\xA0x");
  S_done(&r);
}

/* tm__html_decode on an attribute value, and tm__html_entity's
 * consumed-length result. */
static void test_markup__html_decode_attribute(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  const char *href = "https:&#x2F;&#x2F;news.ycombinator.com&#x2F;item?id=1&amp;p=2&x=3";
  assert_int_equal(tm__html_decode(&b, href, strlen(href)), TM_OK);
  assert_string_equal(b.ptr, "https://news.ycombinator.com/item?id=1&p=2&x=3");
  tm_buf_reset(&b);
  assert_int_equal(tm__html_entity("&amp;rest", 9, &b), 5);
  assert_int_equal(tm__html_entity("&#x27;s", 7, &b), 6);
  assert_int_equal(tm__html_entity("&bogus;", 7, &b), 0);
  assert_int_equal(tm__html_entity("&", 1, &b), 0);
  assert_int_equal(tm__html_entity("&#;", 3, &b), 0);
  assert_string_equal(b.ptr, "&'");
  tm_buf_free(&b);
}

/* ----------------------------------------------------- skipping, errors */

static void test_markup__script_style_and_comments_skipped(void **state) {
  (void)state;
  S_conv r = S_convert(
      "before<script>alert(\"x<p>\")</script>after<style>p{color:red}</style>!"
      "<!-- a <b>comment</b> --> end<!DOCTYPE html>.",
      HTML);
  assert_text(r, "beforeafter! end.");
  assert_int_equal(r.c->nspans, 0);
  S_done(&r);
}

/* Broken markup never crashes and never leaves open spans behind; every
 * span stays inside the text (checked in S_convert). */
static void test_markup__unbalanced_tags_do_not_crash(void **state) {
  (void)state;
  S_conv r = S_convert("<i>open <b>bold <a href=\"u\">link", HTML);
  assert_text(r, "open bold link");
  assert_int_equal(r.c->nspans, 3);
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_LINK, 0), "link");
  assert_string_equal(tmt_span(r.c, TM_SPAN_LINK, 0)->url, "u");
  S_done(&r);

  r = S_convert("</p></i></a></blockquote></pre>text<p><p></code>more", HTML);
  assert_text(r, "text\n\nmore");
  assert_int_equal(r.c->nspans, 0);
  S_done(&r);

  r = S_convert("a <i b <a href=\"x\" unterminated", HTML);
  assert_text(r, "a <i b <a href=\"x\" unterminated");
  S_done(&r);

  r = S_convert("<pre>no end\n  kept", HTML);
  assert_text(r, "no end\n  kept");
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_CODE, 0), "no end\n  kept");
  S_done(&r);

  /* far more open elements than TM_TB_MAX_OPEN, then more closes */
  tm_buf in = TM_BUF_INIT;
  for (int i = 0; i < 500; i++) assert_int_equal(tm_buf_puts(&in, "<i><blockquote>"), TM_OK);
  assert_int_equal(tm_buf_puts(&in, "deep"), TM_OK);
  for (int i = 0; i < 700; i++) assert_int_equal(tm_buf_puts(&in, "</blockquote></i>"), TM_OK);
  assert_int_equal(tm_buf_puts(&in, "out"), TM_OK);
  r = S_convert_n(in.ptr, in.len, HTML);
  assert_non_null(strstr(r.c->text, "deep"));
  assert_non_null(strstr(r.c->text, "out"));
  S_done(&r);
  tm_buf_free(&in);

  /* a lone '<' and '&' at the very end */
  r = S_convert("x <", HTML);
  assert_text(r, "x <");
  S_done(&r);
  r = S_convert("x &", HTML);
  assert_text(r, "x &");
  S_done(&r);
}

/* Invalid UTF-8 in markup is repaired and counted on the thread; the spans
 * are dropped because the repair moves byte offsets. */
static void test_markup__invalid_utf8_repaired(void **state) {
  (void)state;
  S_conv r = S_convert("<i>caf\xE9</i> ok", HTML);
  assert_text(r, "caf\xEF\xBF\xBD ok");
  assert_int_equal(tm_thread_meta(r.t)->invalid_utf8, 1);
  assert_int_equal(r.c->nspans, 0);
  S_done(&r);
}

/* HAS_QUOTE / HAS_CODE are set exactly when such spans exist. */
static void test_markup__flags_follow_spans(void **state) {
  (void)state;
  S_conv r = S_convert("plain words only", HTML);
  assert_int_equal(r.c->flags & (TM_CF_HAS_QUOTE | TM_CF_HAS_CODE), 0);
  S_done(&r);
  r = S_convert("&gt; q<p><pre><code>c</code></pre>", HTML);
  assert_int_equal(r.c->flags & (TM_CF_HAS_QUOTE | TM_CF_HAS_CODE),
                   TM_CF_HAS_QUOTE | TM_CF_HAS_CODE);
  S_done(&r);
  /* a lone ">" line has nothing quoted: no span, no flag */
  r = S_convert("&gt;<p>   &gt; spaced", HTML);
  assert_text(r, ">\n\n> spaced");
  assert_int_equal(tmt_span_count(r.c, TM_SPAN_QUOTE), 1);
  tmt_assert_span_text(r.c, tmt_span(r.c, TM_SPAN_QUOTE, 0), "spaced");
  S_done(&r);
}

/* tm__tb_finish_str (story texts) and textbuf reuse after finish. */
static void test_markup__finish_str_and_reuse(void **state) {
  (void)state;
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_HN_JSON), TM_OK);
  tm_textbuf tb;
  tm__tb_init(&tb);
  const char *story = "Hi HN<p>It&#x27;s <b>out</b>.";
  tm__tb_html(&tb, story, strlen(story));
  const char *s = tm__tb_finish_str(&tb, t);
  assert_string_equal(s, "Hi HN\n\nIt's out.");
  /* the buffer was reset: a second use starts clean */
  tm__tb_html(&tb, "<blockquote>x", strlen("<blockquote>x"));
  const char *s2 = tm__tb_finish_str(&tb, t);
  assert_string_equal(s2, "> x");
  assert_string_equal(s, "Hi HN\n\nIt's out.");
  tm__tb_free(&tb);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_markup__hn_fragment_paragraphs_entities_and_spans),
      cmocka_unit_test(test_markup__hn_pre_code_keeps_whitespace_not_quote),
      cmocka_unit_test(test_markup__pre_keeps_blank_lines_text_collapses),
      cmocka_unit_test(test_markup__hn_cut_link_text_is_expanded),
      cmocka_unit_test(test_markup__reddit_blockquote_lines_are_quotes),
      cmocka_unit_test(test_markup__nested_blockquotes),
      cmocka_unit_test(test_markup__span_at_quoted_line_start_excludes_prefix),
      cmocka_unit_test(test_markup__lists_and_line_breaks),
      cmocka_unit_test(test_markup__whitespace_collapses_across_inline_elements),
      cmocka_unit_test(test_markup__plain_fenced_code),
      cmocka_unit_test(test_markup__plain_inline_code),
      cmocka_unit_test(test_markup__plain_quotes_and_crlf),
      cmocka_unit_test(test_markup__plain_reddit_body_decoded),
      cmocka_unit_test(test_markup__numeric_entities),
      cmocka_unit_test(test_markup__named_and_unknown_entities),
      cmocka_unit_test(test_markup__html_decode_attribute),
      cmocka_unit_test(test_markup__script_style_and_comments_skipped),
      cmocka_unit_test(test_markup__unbalanced_tags_do_not_crash),
      cmocka_unit_test(test_markup__invalid_utf8_repaired),
      cmocka_unit_test(test_markup__flags_follow_spans),
      cmocka_unit_test(test_markup__finish_str_and_reuse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
