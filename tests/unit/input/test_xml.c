/*
 * test_xml.c - the XML parsers through the API (src/input/fmt_stackexchange.c,
 * fmt_wxr.c, fmt_disqus.c and their shared xml.c): thread roots, limits,
 * raw markup, files with their siblings.
 */
#include "helpers.h"

static tm_thread *S_parse(const char *s, tm_options *o, tm_error *err) {
  tm_thread *t = NULL;
  memset(err, 0, sizeof *err);
  int rc = tm_thread_parse(&t, s, strlen(s), o, err);
  if (rc) print_error("parse failed: %d %zu:%zu %s\n", rc, err->line, err->col, err->msg);
  assert_int_equal(rc, TM_OK);
  return t;
}

static const char *S_span(const tm_comment *c, uint32_t kind, char *buf, size_t cap) {
  for (uint32_t k = 0; k < c->nspans; k++)
    if (c->spans[k].kind == kind) {
      snprintf(buf, cap, "%.*s", (int)c->spans[k].len, c->text + c->spans[k].start);
      return buf;
    }
  return NULL;
}

static const char S_wxr_two[] =
    "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" "
    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Blog</title>\n"
    "<item><title>First</title><link>https://b.example/1</link>"
    "<content:encoded><![CDATA[Run <code>make</code> twice.]]></content:encoded><wp:post_id>1</wp:post_id>\n"
    "<wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_content>a</wp:comment_content></wp:comment></item>\n"
    "<item><title>Second</title><wp:post_id>2</wp:post_id>\n"
    "<wp:comment><wp:comment_id>11</wp:comment_id><wp:comment_content>b</wp:comment_content></wp:comment></item>\n"
    "</channel></rss>\n";

/* The first root gets its title once a second root shows it is one of
 * several; its spans move with its text. */
static void test_xml__first_root_rewritten_with_spans(void **state) {
  (void)state;
  tm_error err;
  tm_thread *t = S_parse(S_wxr_two, NULL, &err);
  assert_int_equal(tm_thread_meta(t)->nthreads, 2);
  assert_string_equal(tm_thread_meta(t)->title, "Blog");
  const tm_comment *r = tm_thread_comment(t, 0);
  assert_string_equal(r->id, "post:1");
  assert_string_equal(r->text, "First\n\nRun make twice.");
  assert_int_equal(r->text_len, strlen(r->text));
  assert_true(r->flags & TM_CF_THREAD_ROOT);
  char b[64];
  assert_string_equal(S_span(r, TM_SPAN_LINK, b, sizeof b), "First");
  assert_string_equal(r->spans[0].url, "https://b.example/1");
  assert_string_equal(S_span(r, TM_SPAN_CODE, b, sizeof b), "make");
  const tm_comment *r2 = tm_thread_comment(t, 2);
  assert_string_equal(r2->id, "post:2");
  assert_string_equal(r2->text, "Second");
  assert_int_equal(tm_thread_comment(t, 3)->parent, 2);
  tm_thread_free(t);
}

/* --max-comments stops a dump at the record that passes it. */
static void test_xml__comment_limit(void **state) {
  (void)state;
  const char *s = "<?xml version=\"1.0\"?>\n<posts>\n"
                  "  <row Id=\"1\" PostTypeId=\"1\" Body=\"q\" Title=\"t\" />\n"
                  "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" Body=\"a\" />\n"
                  "  <row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" Body=\"b\" />\n</posts>\n";
  tm_options o = TM_OPTIONS_INIT;
  o.max_comments = 2;
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse(&t, s, strlen(s), &o, &err), TM_ELIMIT);
  assert_null(t);
  assert_int_equal(err.line, 5);
}

/* Raw markup is kept on request, the text is plain. */
static void test_xml__raw_and_text(void **state) {
  (void)state;
  const char *s = "<?xml version=\"1.0\"?>\n<disqus xmlns=\"http://disqus.com\" "
                  "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
                  "<post dsq:id=\"9\"><message><![CDATA[<p>one &amp; <b>two</b></p>]]></message>"
                  "<thread dsq:id=\"1\"/></post></disqus>\n";
  tm_options o = TM_OPTIONS_INIT; /* keeps raw */
  tm_error err;
  tm_thread *t = S_parse(s, &o, &err);
  const tm_comment *c = tm_thread_comment(t, 0);
  assert_string_equal(c->raw, "<p>one &amp; <b>two</b></p>");
  assert_string_equal(c->text, "one & two");
  assert_true(c->flags & TM_CF_ORPHAN); /* thread 1 is not in the file */
  tm_thread_free(t);
}

/* A Posts.xml path streams the file and reads Comments.xml beside it. */
static void test_xml__file_reads_sibling_comments(void **state) {
  (void)state;
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse_file(&t, TM_SAMPLES_DIR "/stackexchange_Posts.xml", NULL, &err), TM_OK);
  assert_int_equal(tm_thread_meta(t)->format, TM_FMT_STACKEXCHANGE_XML);
  assert_int_equal(tm_thread_meta(t)->nthreads, 3);
  uint32_t c = tm_thread_find(t, "comment:104");
  assert_int_not_equal(c, TM_NONE);
  assert_int_equal(tm_thread_comment(t, c)->parent, tm_thread_find(t, "3"));
  assert_int_equal(tm_thread_comment(t, c)->line, 0); /* lines of another file are not given */
  assert_int_equal(tm_thread_comment(t, tm_thread_find(t, "3"))->line, 5);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_xml__first_root_rewritten_with_spans),
      cmocka_unit_test(test_xml__comment_limit),
      cmocka_unit_test(test_xml__raw_and_text),
      cmocka_unit_test(test_xml__file_reads_sibling_comments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
