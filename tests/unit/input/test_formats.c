/*
 * test_formats.c - detection and every parser through the public API, on
 * small inputs written in the real formats, plus their error positions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "threadmap.h"

static tm_thread *S_parse(const char *in, tm_error *err) {
  tm_thread *t = NULL;
  tm_error local;
  if (!err) err = &local;
  memset(err, 0, sizeof *err);
  int rc = tm_thread_parse(&t, in, strlen(in), NULL, err);
  assert_int_equal(rc, err->code == 0 ? TM_OK : err->code);
  return t;
}

static const tm_comment *S_get(const tm_thread *t, const char *id) {
  uint32_t i = tm_thread_find(t, id);
  assert_int_not_equal(i, TM_NONE);
  return tm_thread_comment(t, i);
}

static const char S_hn_page[] =
    "<html><body><table class=\"fatitem\"><tr class=\"athing submission\" id=\"100\">"
    "<td class=\"title\"><span class=\"titleline\"><a href=\"https://ex.com/post\">Show HN: A thing</a>"
    "</span></td></tr><tr><td colspan=\"2\"></td><td class=\"subtext\"><span class=\"subline\">"
    "<span class=\"score\" id=\"score_100\">42 points</span> by <a href=\"user?id=op\" class=\"hnuser\">op</a>"
    " <span class=\"age\" title=\"2026-03-14T08:02:17 1773475337\"><a href=\"item?id=100\">1 hour ago</a></span>"
    "</span></td></tr></table>\n<table class=\"comment-tree\">\n"
    "<tr class=\"athing comtr\" id=\"101\"><td><table><tr><td class=\"ind\" indent=\"0\"></td><td class=\"default\">"
    "<span class=\"comhead\"><a href=\"user?id=ann\" class=\"hnuser\">ann</a> <span class=\"age\" "
    "title=\"2026-03-14T08:10:00 1773475800\">x</span></span><div class=\"comment\"><div class=\"commtext c00\">"
    "Looks great<p>&gt; A thing<p>Really?</div><div class=\"reply\">reply</div></div></td></tr></table></td></tr>\n"
    "<tr class=\"athing comtr\" id=\"102\"><td><table><tr><td class=\"ind\" indent=\"1\"></td><td class=\"default\">"
    "<span class=\"comhead\"></span><div class=\"comment\">[deleted]<div class=\"reply\"></div></div></td></tr></table></td></tr>\n"
    "<tr class=\"athing comtr\" id=\"103\"><td><table><tr><td class=\"ind\" indent=\"2\"></td><td class=\"default\">"
    "<span class=\"comhead\"><a href=\"user?id=bob\" class=\"hnuser\">bob</a></span><div class=\"comment\">"
    "<div class=\"commtext c5a\">I disagree.</div></div></td></tr></table></td></tr>\n"
    "<tr class=\"athing comtr\" id=\"104\"><td><table><tr><td class=\"ind\" indent=\"1\"></td><td class=\"default\">"
    "<span class=\"comhead\"><a href=\"user?id=cy\" class=\"hnuser\">cy</a></span><div class=\"comment\">"
    "<div class=\"commtext c00\">Same here</div></div></td></tr></table></td></tr>\n"
    "</table></body></html>\n";

static void test_detect__each_format(void **state) {
  (void)state;
  assert_int_equal(tm_detect_format(S_hn_page, strlen(S_hn_page)), TM_FMT_HN_HTML);
  const char *reddit = "[{\"kind\": \"Listing\", \"data\": {\"children\": []}}]";
  assert_int_equal(tm_detect_format(reddit, strlen(reddit)), TM_FMT_REDDIT_JSON);
  const char *fb = "{\"by\":\"a\",\"id\":1,\"parent\":0,\"text\":\"x\",\"type\":\"comment\"}";
  assert_int_equal(tm_detect_format(fb, strlen(fb)), TM_FMT_HN_JSON);
  const char *alg = "{\"id\":1,\"created_at_i\":5,\"type\":\"story\",\"children\":[]}";
  assert_int_equal(tm_detect_format(alg, strlen(alg)), TM_FMT_HN_JSON);
  const char *nd = "\xEF\xBB\xBF\n {\"id\":\"1\",\"parent\":null,\"text\":\"x\"}\n";
  assert_int_equal(tm_detect_format(nd, strlen(nd)), TM_FMT_NDJSON);
  const char *csv = "ID,Parent,Author,Time,Text\r\n1,,a,0,x\r\n";
  assert_int_equal(tm_detect_format(csv, strlen(csv)), TM_FMT_CSV);
  const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0";
  assert_int_equal(tm_detect_format(bin, sizeof bin - 1), TM_FMT_AUTO);
  const char *prose = "Dear diary, today the thread was long.";
  assert_int_equal(tm_detect_format(prose, strlen(prose)), TM_FMT_AUTO);
}

static void test_hn_html__rows_indent_flags(void **state) {
  (void)state;
  tm_thread *t = S_parse(S_hn_page, NULL);
  const tm_meta *m = tm_thread_meta(t);
  assert_string_equal(m->title, "Show HN: A thing");
  assert_string_equal(m->url, "https://ex.com/post");
  assert_string_equal(m->author, "op");
  assert_int_equal(m->score, 42);
  assert_int_equal(m->time, 1773475337);
  assert_int_equal(tm_thread_count(t), 4);
  const tm_comment *a = S_get(t, "101");
  assert_string_equal(a->author, "ann");
  assert_int_equal(a->time, 1773475800);
  assert_string_equal(a->text, "Looks great\n\n> A thing\n\nReally?");
  assert_true(a->flags & TM_CF_HAS_QUOTE);
  assert_int_equal(a->line, 3);
  const tm_comment *d = S_get(t, "102");
  assert_true(d->flags & TM_CF_DELETED);
  assert_null(d->author);
  assert_string_equal(d->text, "");
  assert_string_equal(d->parent_id, "101");
  const tm_comment *b = S_get(t, "103");
  assert_int_equal(b->depth, 3);
  assert_true(b->flags & TM_CF_DOWNVOTED);
  assert_string_equal(S_get(t, "104")->parent_id, "101");
  assert_int_equal(S_get(t, "104")->depth, 2);
  tm_thread_free(t);
}

static void test_hn_json__firebase_array_and_algolia(void **state) {
  (void)state;
  tm_thread *t = S_parse(
      "[{\"by\":\"op\",\"id\":1,\"kids\":[2],\"title\":\"Ask HN: x?\",\"type\":\"story\",\"time\":10,\"score\":5},"
      "{\"by\":\"ann\",\"id\":2,\"parent\":1,\"text\":\"Yes<p>&gt; x?<p>Because\",\"time\":11,\"type\":\"comment\"},"
      "{\"id\":3,\"parent\":2,\"deleted\":true,\"time\":12,\"type\":\"comment\"},"
      "{\"by\":\"cy\",\"id\":4,\"parent\":3,\"dead\":true,\"text\":\"[dead]\",\"type\":\"comment\"}]", NULL);
  assert_string_equal(tm_thread_meta(t)->title, "Ask HN: x?");
  assert_int_equal(tm_thread_count(t), 3);
  assert_int_equal(S_get(t, "2")->depth, 1);
  assert_string_equal(S_get(t, "2")->parent_id, "1");
  assert_true(S_get(t, "3")->flags & TM_CF_DELETED);
  assert_true(S_get(t, "4")->flags & TM_CF_DEAD);
  assert_int_equal(S_get(t, "4")->depth, 3);
  tm_thread_free(t);
  t = S_parse("{\"id\":1,\"type\":\"story\",\"title\":\"T\",\"author\":\"op\",\"created_at_i\":7,\"children\":["
              "{\"id\":2,\"author\":\"a\",\"text\":\"<p>hi\",\"created_at_i\":8,\"children\":["
              "{\"id\":3,\"author\":\"b\",\"text\":\"yo\",\"children\":[]}]},"
              "{\"id\":4,\"author\":null,\"text\":null,\"children\":[]}]}", NULL);
  assert_int_equal(tm_thread_count(t), 3);
  assert_int_equal(S_get(t, "3")->depth, 2);
  assert_string_equal(S_get(t, "3")->parent_id, "2");
  assert_int_equal(S_get(t, "2")->time, 8);
  assert_true(S_get(t, "4")->flags & TM_CF_DELETED);
  tm_thread_free(t);
}

static void test_reddit_json__more_stub_counts(void **state) {
  (void)state;
  tm_thread *t = S_parse(
      "[{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"id\":\"p1\",\"title\":\"Q &amp; A\","
      "\"author\":\"op\",\"created_utc\":100.0,\"num_comments\":9}}]}},"
      "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t1\",\"data\":{\"id\":\"c1\",\"parent_id\":\"t3_p1\","
      "\"author\":\"ann\",\"body\":\"&gt; Q\\n\\nNo.\",\"created_utc\":101.0,\"score\":3,\"replies\":"
      "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t1\",\"data\":{\"id\":\"c2\",\"parent_id\":\"t1_c1\","
      "\"author\":\"[deleted]\",\"body\":\"[deleted]\",\"replies\":\"\"}},"
      "{\"kind\":\"more\",\"data\":{\"count\":3,\"parent_id\":\"t1_c1\",\"children\":[\"x\",\"y\",\"z\"]}}]}}}}]}}]",
      NULL);
  const tm_meta *m = tm_thread_meta(t);
  assert_string_equal(m->title, "Q & A");
  assert_int_equal(m->missing_replies, 3);
  assert_int_equal(m->declared_comments, 9);
  const tm_comment *c1 = S_get(t, "c1");
  assert_int_equal(c1->missing_replies, 3);
  assert_int_equal(c1->score, 3);
  assert_string_equal(c1->text, "> Q\n\nNo.");
  assert_true(c1->flags & TM_CF_HAS_QUOTE);
  assert_true(S_get(t, "c2")->flags & TM_CF_DELETED);
  assert_int_equal(S_get(t, "c2")->depth, 2);
  tm_thread_free(t);
}

static void test_csv__quoted_multiline_and_escapes(void **state) {
  (void)state;
  tm_thread *t = S_parse("id,parent,author,time,text,score\r\n"
                         "a,,ann,2026-03-14T09:00:00Z,\"She said \"\"no\"\"\nthen left\",4\r\n"
                         "b,a,bob,1773478800,plain,\r\n", NULL);
  const tm_comment *a = S_get(t, "a");
  assert_string_equal(a->text, "She said \"no\"\nthen left");
  assert_int_equal(a->time, 1773478800);
  assert_int_equal(a->score, 4);
  assert_int_equal(S_get(t, "b")->line, 4);
  assert_false(S_get(t, "b")->has_score);
  tm_thread_free(t);
}

static void test_ndjson__reddit_dump_records(void **state) {
  (void)state;
  tm_thread *t = S_parse("{\"id\":\"c1\",\"parent_id\":\"t3_zz\",\"link_id\":\"t3_zz\",\"author\":\"a\","
                         "\"body\":\"fish &amp; chips\",\"created_utc\":\"1700000000\"}\n\n"
                         "{\"id\":\"c2\",\"parent_id\":\"t1_c1\",\"link_id\":\"t3_zz\",\"author\":\"b\",\"body\":\"ok\"}\n",
                         NULL);
  assert_string_equal(tm_thread_meta(t)->id, "zz");
  assert_string_equal(S_get(t, "c1")->text, "fish & chips");
  assert_int_equal(S_get(t, "c1")->depth, 1);
  assert_false(S_get(t, "c1")->flags & TM_CF_ORPHAN);
  assert_int_equal(S_get(t, "c2")->depth, 2);
  assert_int_equal(S_get(t, "c2")->line, 3);
  tm_thread_free(t);
}

static void test_errors__positions_and_codes(void **state) {
  (void)state;
  tm_error e;
  tm_thread *t = NULL;
  memset(&e, 0, sizeof e);
  assert_int_equal(tm_thread_parse(&t, "", 0, NULL, &e), TM_EEMPTY);
  assert_null(t);
  const char *nd = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n{\"id\":\"c\" \"text\":1}\n";
  assert_int_equal(tm_thread_parse(&t, nd, strlen(nd), NULL, &e), TM_EPARSE);
  assert_int_equal(e.line, 3);
  assert_true(e.col >= 10);
  const char *csv = "id,parent,text\n1,,\"open\n";
  assert_int_equal(tm_thread_parse(&t, csv, strlen(csv), NULL, &e), TM_EPARSE);
  assert_int_equal(e.line, 2);
  assert_int_equal(e.col, 4);
  const char *trunc = "[{\"kind\": \"Listing\", \"data\": {\"children\": [";
  assert_int_equal(tm_thread_parse(&t, trunc, strlen(trunc), NULL, &e), TM_EPARSE);
  assert_non_null(strstr(e.msg, "truncated"));
  tm_options o = TM_OPTIONS_INIT;
  o.max_comments = 1;
  const char *two = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n";
  assert_int_equal(tm_thread_parse(&t, two, strlen(two), &o, &e), TM_ELIMIT);
  assert_int_equal(e.line, 2);
  o.max_comments = 0;
  o.format = TM_FMT_HN_HTML;
  assert_int_equal(tm_thread_parse(&t, "<p>hi</p>", 9, &o, &e), TM_EPARSE);
  assert_int_equal(tm_thread_parse(&t, "\x01\x02\x00\x03", 4, NULL, &e), TM_EFORMAT);
}

static void test_csv__invalid_utf8_repaired(void **state) {
  (void)state;
  tm_thread *t = S_parse("id,parent,author,text\n1,,an\xffn,\"ok \xc3\x28 there\"\n", NULL);
  const tm_comment *c = S_get(t, "1");
  assert_string_equal(c->author, "an\xef\xbf\xbdn");
  assert_string_equal(c->text, "ok \xef\xbf\xbd( there");
  assert_int_equal(tm_thread_meta(t)->invalid_utf8, 2);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_detect__each_format),
      cmocka_unit_test(test_hn_html__rows_indent_flags),
      cmocka_unit_test(test_hn_json__firebase_array_and_algolia),
      cmocka_unit_test(test_reddit_json__more_stub_counts),
      cmocka_unit_test(test_csv__quoted_multiline_and_escapes),
      cmocka_unit_test(test_ndjson__reddit_dump_records),
      cmocka_unit_test(test_errors__positions_and_codes),
      cmocka_unit_test(test_csv__invalid_utf8_repaired),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
