/*
 * test_detect.c - format sniffing (src/input/detect.c) on small inputs
 * written in each real format.
 */
#include "helpers.h"

static tm_format S_detect(const char *s) { return tm_detect_format(s, strlen(s)); }

#define assert_format(s, want)                                                \
  do {                                                                        \
    tm_format got_ = S_detect(s);                                             \
    if (got_ != (want))                                                       \
      print_error("detected %s, want %s for:\n%.200s\n",                     \
                  tm_format_name(got_) ? tm_format_name(got_) : "auto",       \
                  tm_format_name(want) ? tm_format_name(want) : "auto", (s)); \
    assert_int_equal(got_, (want));                                           \
  } while (0)

/* ------------------------------------------------------------ HN HTML */

static const char S_hn_page[] =
    "<html lang=\"en\" op=\"item\"><head><meta name=\"referrer\" content=\"origin\">"
    "<title>Show HN: A tiny thread | Hacker News</title></head><body><center>"
    "<table id=\"hnmain\" border=\"0\"><tr id=\"bigbox\"><td>"
    "<table class=\"fatitem\" border=\"0\"><tr class=\"athing submission\" id=\"100\">"
    "<td class=\"title\"><span class=\"titleline\"><a href=\"https://example.com/\">"
    "Show HN: A tiny thread</a></span></td></tr></table>"
    "<table border=\"0\" class=\"comment-tree\"><tr class=\"athing comtr\" id=\"101\">"
    "<td><table border=\"0\"><tr><td class=\"ind\" indent=\"0\"></td>"
    "<td class=\"default\"><div class=\"comment\"><div class=\"commtext c00\">Hi</div>"
    "</div></td></tr></table></td></tr></table></td></tr></table></center></body></html>";

static void test_detect__hn_html_page(void **state) {
  (void)state;
  assert_format(S_hn_page, TM_FMT_HN_HTML);
  /* with a doctype and leading blank lines */
  char buf[sizeof S_hn_page + 64];
  snprintf(buf, sizeof buf, "\n\n<!DOCTYPE html>\n%s", S_hn_page);
  assert_format(buf, TM_FMT_HN_HTML);
  /* 2010s markup: single-quoted class and a bare athing */
  assert_format("<html><body><table><tr class='athing' id='9224'><td class='ind'>"
                "<img src=\"s.gif\" height=\"1\" width=\"40\"></td></tr></table></body></html>",
                TM_FMT_HN_HTML);
}

/* Other HTML is not a Hacker News page. */
static void test_detect__other_html_is_auto(void **state) {
  (void)state;
  assert_format("<!DOCTYPE html><html><head><title>Blog</title></head>"
                "<body><div class=\"comment\">Nice post!</div></body></html>",
                TM_FMT_AUTO);
}

/* ------------------------------------------------------------- Reddit */

static void test_detect__reddit_two_listing_array(void **state) {
  (void)state;
  assert_format(
      "[{\"kind\": \"Listing\", \"data\": {\"after\": null, \"dist\": 1, \"children\": "
      "[{\"kind\": \"t3\", \"data\": {\"id\": \"3hahrw\", \"title\": \"ba dum tsss\", "
      "\"author\": \"someone\", \"num_comments\": 3}}]}}, "
      "{\"kind\": \"Listing\", \"data\": {\"children\": [{\"kind\": \"t1\", \"data\": "
      "{\"id\": \"cu5pkwe\", \"parent_id\": \"t3_3hahrw\", \"author\": \"x\", "
      "\"body\": \"ha\", \"replies\": \"\"}}]}}]",
      TM_FMT_REDDIT_JSON);
  /* pretty-printed, as saved by a browser's JSON viewer */
  assert_format("[\n  {\n    \"kind\": \"Listing\",\n    \"data\": {\n      \"children\": []\n"
                "    }\n  },\n  {\n    \"kind\": \"Listing\",\n    \"data\": {\"children\": []}\n  }\n]\n",
                TM_FMT_REDDIT_JSON);
}

/* ------------------------------------------------------------ HN JSON */

static void test_detect__hn_firebase_object(void **state) {
  (void)state;
  assert_format("{\"by\":\"dhouston\",\"descendants\":71,\"id\":8863,\"kids\":[9224,8917],"
                "\"score\":111,\"time\":1175714200,\"title\":\"My YC app: Dropbox\","
                "\"type\":\"story\",\"url\":\"http://www.getdropbox.com/u/2/screencast.html\"}",
                TM_FMT_HN_JSON);
  /* a pretty-printed single item spans lines */
  assert_format("{\n  \"id\": 8952,\n  \"parent\": 8863,\n  \"text\": \"hi\",\n"
                "  \"time\": 1175727286,\n  \"type\": \"comment\"\n}\n",
                TM_FMT_HN_JSON);
}

static void test_detect__hn_firebase_array(void **state) {
  (void)state;
  assert_format("[{\"by\":\"dhouston\",\"id\":8863,\"kids\":[8952],\"title\":\"My YC app\","
                "\"type\":\"story\"},{\"by\":\"norvig\",\"id\":8952,\"parent\":8863,"
                "\"text\":\"Linux?\",\"type\":\"comment\"}]",
                TM_FMT_HN_JSON);
}

static void test_detect__hn_algolia_nested(void **state) {
  (void)state;
  assert_format("{\"id\":1,\"created_at\":\"2006-10-09T18:21:51.000Z\",\"created_at_i\":1160418111,"
                "\"type\":\"story\",\"author\":\"pg\",\"title\":\"Y Combinator\",\"points\":57,"
                "\"parent_id\":null,\"children\":[{\"id\":15,\"created_at_i\":1160423461,"
                "\"type\":\"comment\",\"author\":\"sama\",\"text\":\"<p>hi</p>\",\"parent_id\":1,"
                "\"children\":[]}]}",
                TM_FMT_HN_JSON);
}

static void test_detect__hn_firebase_ndjson(void **state) {
  (void)state;
  assert_format("{\"by\":\"norvig\",\"id\":8952,\"parent\":8863,\"text\":\"Linux?\","
                "\"time\":1175727286,\"type\":\"comment\"}\n"
                "{\"by\":\"dhouston\",\"id\":9153,\"parent\":8952,\"text\":\"soon\","
                "\"time\":1175741466,\"type\":\"comment\"}\n",
                TM_FMT_HN_JSON);
}

/* ------------------------------------------------------- generic NDJSON */

static void test_detect__generic_ndjson(void **state) {
  (void)state;
  assert_format("{\"id\": \"41022436\", \"parent\": null, \"author\": \"benchgoblin\", "
                "\"time\": 1773475922, \"text\": \"Every launch post says...\", \"score\": 187}\n"
                "{\"id\": \"41022585\", \"parent\": \"41022436\", \"author\": \"lena_orca\", "
                "\"time\": 1773476650, \"text\": \"Fair concern\", \"score\": 142}\n",
                TM_FMT_NDJSON);
  /* Reddit dump records (Pushshift style) are generic NDJSON */
  assert_format("{\"id\":\"cu5pkwe\",\"parent_id\":\"t3_3hahrw\",\"link_id\":\"t3_3hahrw\","
                "\"author\":\"x\",\"body\":\"ha\",\"created_utc\":1439801151,\"subreddit\":\"funny\"}\n",
                TM_FMT_NDJSON);
  /* a JSON array of generic records */
  assert_format("[{\"id\": \"1\", \"parent\": \"\", \"text\": \"a\"}, {\"id\": \"2\", \"parent\": \"1\"}]",
                TM_FMT_NDJSON);
}

/* JSON that names no id is not a thread. */
static void test_detect__json_without_ids_is_auto(void **state) {
  (void)state;
  assert_format("{\"name\": \"threadmap\", \"version\": \"0.1.0\"}", TM_FMT_AUTO);
  assert_format("[1, 2, 3]", TM_FMT_AUTO);
}

/* ---------------------------------------------------------------- CSV */

static void test_detect__csv_header(void **state) {
  (void)state;
  assert_format("id,parent,author,time,text,title,score\n"
                "41022436,,benchgoblin,2026-03-14T08:12:02Z,\"Every launch post\",,187\n",
                TM_FMT_CSV);
  /* case, quotes, spaces, CRLF and the parent_id alias */
  assert_format("\"ID\", \"Parent\" ,\"Author\",\"Text\"\r\n1,,a,hi\r\n", TM_FMT_CSV);
  /* a header only */
  assert_format("text,parent,id", TM_FMT_CSV);
}

/* BUG (src/input/detect.c, S_csv_has): the case-insensitive compare
 * `(line[a + k] | 32) == word[k]` turns '_' (0x5F) into 0x7F, so a word
 * with an underscore never matches: a header "id,parent_id,..." (the
 * parent_id alias that record.h documents and the CSV parser accepts) is
 * not detected; tm_detect_format returns TM_FMT_AUTO instead of CSV, and
 * tm_thread_parse then fails with TM_EFORMAT. */
static void test_detect__csv_parent_id_alias(void **state) {
  (void)state;
  assert_format("id,parent_id,author,text\n1,,a,hi\n", TM_FMT_CSV);
  assert_format("\"id\",\"parent_id\",\"body\"\r\n\"1\",\"\",\"hi\"\r\n", TM_FMT_CSV);
}

static void test_detect__csv_without_id_and_parent_is_auto(void **state) {
  (void)state;
  assert_format("author,time,text\nalice,2026-03-14,hi\n", TM_FMT_AUTO);
  assert_format("id,author,text\n1,alice,hi\n", TM_FMT_AUTO);
  /* "comment_id" is not "id" */
  assert_format("comment_id,parent,text\n1,,hi\n", TM_FMT_AUTO);
}

/* --------------------------------------------------- framing and noise */

static void test_detect__bom_and_whitespace(void **state) {
  (void)state;
  assert_format("\xEF\xBB\xBF{\"by\":\"a\",\"id\":1,\"type\":\"comment\"}", TM_FMT_HN_JSON);
  assert_format("\xEF\xBB\xBF \r\n\t\n  [{\"kind\": \"Listing\", \"data\": {}}]", TM_FMT_REDDIT_JSON);
  assert_format("\xEF\xBB\xBFid,parent,text\n1,,hi\n", TM_FMT_CSV);
  assert_format("\n\n   \xEF\xBB\xBF", TM_FMT_AUTO); /* a BOM not at the start is not skipped */
  assert_format("\xEF\xBB\xBF", TM_FMT_AUTO);
  assert_format(" \n\t\r\n", TM_FMT_AUTO);
  assert_int_equal(tm_detect_format("", 0), TM_FMT_AUTO);
}

/* NUL bytes mean binary data, whatever the first byte looks like. */
static void test_detect__binary_is_auto(void **state) {
  (void)state;
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  assert_int_equal(tm_detect_format(png, TMT_LEN(png)), TM_FMT_AUTO);
  static const char json_nul[] = "{\"by\":\"a\",\"id\":1}\n\0\0\0\0";
  assert_int_equal(tm_detect_format(json_nul, TMT_LEN(json_nul)), TM_FMT_AUTO);
  static const char csv_nul[] = "id,parent,text\n1,,a\0b\n";
  assert_int_equal(tm_detect_format(csv_nul, TMT_LEN(csv_nul)), TM_FMT_AUTO);
}

static void test_detect__random_text_is_auto(void **state) {
  (void)state;
  assert_format("Hello, this is just some text.\nNothing to see here, really.\n", TM_FMT_AUTO);
  assert_format("# README\n\nthreadmap turns threads into trees.\n", TM_FMT_AUTO);
  /* prose that starts with "From " is not an mbox envelope */
  assert_format("From alice's notes, Mon Jan  1 00:00:00 2000\nnothing: here\n", TM_FMT_AUTO);
  assert_format("From what I hear the meeting is at 10:30.\nSee you.\n", TM_FMT_AUTO);
  /* but an envelope line and a header field are (issue 8, mail) */
  assert_format("From alice@example.com Mon Jan  1 00:00:00 2000\nSubject: hi\n", TM_FMT_MBOX);
  assert_format("x", TM_FMT_AUTO);
}

/* Only the length given is read: a buffer cut before the marker is not
 * detected, and bytes after len are never looked at. */
static void test_detect__respects_length(void **state) {
  (void)state;
  const char *s = "id,parent,text\n";
  assert_int_equal(tm_detect_format(s, 2), TM_FMT_AUTO); /* "id" */
  assert_int_equal(tm_detect_format(s, 9), TM_FMT_CSV);  /* "id,parent" */
  const char *h = "<tr class=\"athing comtr\">";
  assert_int_equal(tm_detect_format(h, 12), TM_FMT_AUTO);
  assert_int_equal(tm_detect_format(h, strlen(h)), TM_FMT_HN_HTML);
}

/* Names of formats, both ways. */
static void test_detect__format_names(void **state) {
  (void)state;
  static const struct { tm_format f; const char *name; } names[] = {
      {TM_FMT_HN_HTML, "hn-html"}, {TM_FMT_HN_JSON, "hn-json"},
      {TM_FMT_REDDIT_JSON, "reddit-json"}, {TM_FMT_CSV, "csv"}, {TM_FMT_NDJSON, "ndjson"},
      {TM_FMT_STACKEXCHANGE_XML, "stackexchange-xml"}, {TM_FMT_WXR, "wxr"},
      {TM_FMT_DISQUS_XML, "disqus-xml"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    assert_string_equal(tm_format_name(names[i].f), names[i].name);
    assert_int_equal(tm_format_from_name(names[i].name), names[i].f);
  }
  assert_null(tm_format_name(TM_FMT_AUTO));
  assert_null(tm_format_name(TM_FMT_COUNT_));
  assert_int_equal(tm_format_from_name("mbox"), TM_FMT_MBOX);
  assert_int_equal(tm_format_from_name("gopher"), TM_FMT_AUTO);
  assert_int_equal(tm_format_from_name(""), TM_FMT_AUTO);
}

/* ---------------------------------------------------------------- XML */

/* Root elements decide, after a BOM, the declaration and comments. */
static void test_detect__xml_roots(void **state) {
  (void)state;
  assert_format("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
                "  <row Id=\"1\" PostTypeId=\"1\" Body=\"&lt;p&gt;q&lt;/p&gt;\" />\n</posts>",
                TM_FMT_STACKEXCHANGE_XML);
  assert_format("<?xml version=\"1.0\"?>\n<comments>\n  <row Id=\"5\" PostId=\"1\" Text=\"hi\" />\n"
                "</comments>", TM_FMT_STACKEXCHANGE_XML);
  assert_format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- This is a WordPress eXtended RSS "
                "file -->\n<!-- generator=\"WordPress\" -->\n<rss version=\"2.0\"\n"
                "  xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item>"
                "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment></item></channel></rss>",
                TM_FMT_WXR);
  assert_format("<?xml version=\"1.0\"?>\n<disqus xmlns=\"http://disqus.com\" "
                "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n<thread dsq:id=\"2\"/></disqus>",
                TM_FMT_DISQUS_XML);
  /* a doctype with an internal subset holding '>' */
  assert_format("<?xml version=\"1.0\"?>\n<!DOCTYPE posts [<!ENTITY a \"b\">]>\n<posts><row Id=\"1\"/></posts>",
                TM_FMT_STACKEXCHANGE_XML);
  /* an RSS feed that is not a WordPress export, and other XML */
  assert_format("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>"
                "<item><title>a</title></item></channel></rss>", TM_FMT_AUTO);
  assert_format("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>", TM_FMT_AUTO);
  /* a WordPress post quoting an HN row is still WXR */
  assert_format("<rss xmlns:wp=\"http://wordpress.org/export/1.1/\"><channel><item><content:encoded>"
                "<![CDATA[<tr class=\"athing comtr\" id=\"1\">]]></content:encoded></item></channel></rss>",
                TM_FMT_WXR);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_detect__hn_html_page),
      cmocka_unit_test(test_detect__other_html_is_auto),
      cmocka_unit_test(test_detect__reddit_two_listing_array),
      cmocka_unit_test(test_detect__hn_firebase_object),
      cmocka_unit_test(test_detect__hn_firebase_array),
      cmocka_unit_test(test_detect__hn_algolia_nested),
      cmocka_unit_test(test_detect__hn_firebase_ndjson),
      cmocka_unit_test(test_detect__generic_ndjson),
      cmocka_unit_test(test_detect__json_without_ids_is_auto),
      cmocka_unit_test(test_detect__csv_header),
      cmocka_unit_test(test_detect__csv_parent_id_alias),
      cmocka_unit_test(test_detect__csv_without_id_and_parent_is_auto),
      cmocka_unit_test(test_detect__bom_and_whitespace),
      cmocka_unit_test(test_detect__binary_is_auto),
      cmocka_unit_test(test_detect__random_text_is_auto),
      cmocka_unit_test(test_detect__respects_length),
      cmocka_unit_test(test_detect__format_names),
      cmocka_unit_test(test_detect__xml_roots),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
